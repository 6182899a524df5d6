package dev.noops.logs;

import java.time.Duration;
import java.util.function.LongSupplier;

/** The time an invocation may still spend delivering (its remaining time minus a safety margin). */
final class Deadline {
  private final long expiresAtNanos;
  private final LongSupplier nanoTime;

  private Deadline(long expiresAtNanos, LongSupplier nanoTime) {
    this.expiresAtNanos = expiresAtNanos;
    this.nanoTime = nanoTime;
  }

  static Deadline after(Duration budget) {
    return after(budget, System::nanoTime);
  }

  static Deadline after(Duration budget, LongSupplier nanoTime) {
    return new Deadline(nanoTime.getAsLong() + budget.toNanos(), nanoTime);
  }

  Duration remaining() {
    long left = expiresAtNanos - nanoTime.getAsLong();
    return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
  }

  boolean expired() {
    return remaining().isZero();
  }
}
