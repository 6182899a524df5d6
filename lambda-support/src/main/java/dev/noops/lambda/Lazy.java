package dev.noops.lambda;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Builds a value (a client) once, on first use, so that a cold start does not pay for what only
 * some events need: the subscriber's Lambda client of a backfill's self-invoke, the config API's
 * KMS client of a secret write. A SnapStart priming hook calls {@link #get} to build it before the
 * snapshot.
 *
 * @param <T> what is built
 */
public final class Lazy<T> implements Supplier<T> {
  private final Supplier<T> factory;
  private T value;

  /** A value {@code factory} builds on the first {@link #get}; it must not return null. */
  public Lazy(Supplier<T> factory) {
    this.factory = Objects.requireNonNull(factory, "factory == null");
  }

  /** The value, built by the first call. */
  @Override
  public synchronized T get() {
    if (value == null) {
      value = Objects.requireNonNull(factory.get(), "factory returned null");
    }
    return value;
  }

  /** Whether {@link #get} has built the value. */
  public synchronized boolean built() {
    return value != null;
  }
}
