package dev.noops.subscribe;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Builds a client once, on first use: what one kind of event needs (the Lambda client of a backfill's
 * self-invoke, the HTTP client of a CloudFormation answer) is not built at every cold start.
 */
final class Lazy<T> implements Supplier<T> {
  private final Supplier<T> factory;
  private T value;

  Lazy(Supplier<T> factory) {
    this.factory = Objects.requireNonNull(factory, "factory == null");
  }

  @Override
  public synchronized T get() {
    if (value == null) {
      value = Objects.requireNonNull(factory.get(), "factory returned null");
    }
    return value;
  }

  /** Whether {@link #get} has built the value. */
  synchronized boolean built() {
    return value != null;
  }
}
