package dev.noops.support;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The time an invocation may still spend on its work: its remaining time minus a safety margin,
 * fixed when the invocation starts ({@code Context.getRemainingTimeInMillis()}). Every AWS and HTTP
 * call of a function takes its timeout from here, so no call can hold an invocation past it.
 */
public final class Deadline {
  private static final Deadline NONE = new Deadline(Long.MAX_VALUE, System::nanoTime);

  private final long expiresAtNanos;
  private final LongSupplier nanoTime;

  private Deadline(long expiresAtNanos, LongSupplier nanoTime) {
    this.expiresAtNanos = expiresAtNanos;
    this.nanoTime = nanoTime;
  }

  /** Expires {@code budget} from now (at once when it is zero or negative). */
  public static Deadline after(Duration budget) {
    return after(budget, System::nanoTime);
  }

  /** Expires {@code budget} from now on {@code nanoTime}'s clock. */
  public static Deadline after(Duration budget, LongSupplier nanoTime) {
    return new Deadline(nanoTime.getAsLong() + budget.toNanos(), nanoTime);
  }

  /** A deadline that never expires (the command line, which has no invocation timeout). */
  public static Deadline none() {
    return NONE;
  }

  /** Whether this deadline never expires. */
  public boolean unbounded() {
    return expiresAtNanos == Long.MAX_VALUE;
  }

  /** The time left, zero once expired; a very long time when {@link #unbounded()}. */
  public Duration remaining() {
    if (unbounded()) {
      return Duration.ofNanos(Long.MAX_VALUE);
    }
    long left = expiresAtNanos - nanoTime.getAsLong();
    return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
  }

  /** Whether no time is left. */
  public boolean expired() {
    return remaining().isZero();
  }
}
