package dev.noops.subscribe;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Paces calls to a steady rate: one token every {@code 1/rate} seconds, with a burst of one and
 * nothing saved up while idle, so retries and first calls alike stay under an API action's rate.
 * {@link OperationBuckets} keeps one per CloudWatch Logs operation.
 */
final class TokenBucket {
  private final long intervalNanos;
  private final LongSupplier nanoClock;
  private final Sleeper sleeper;
  private long nextFree;
  private boolean started;

  TokenBucket(double perSecond, LongSupplier nanoClock, Sleeper sleeper) {
    checkRate(perSecond);
    this.intervalNanos = Math.max(1L, Math.round(1_000_000_000d / perSecond));
    this.nanoClock = nanoClock;
    this.sleeper = sleeper;
  }

  static void checkRate(double perSecond) {
    if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException("rate must be positive: " + perSecond);
    }
  }

  /** Blocks until the next call may go out. */
  synchronized void acquire() {
    long now = nanoClock.getAsLong();
    if (!started) {
      started = true;
      nextFree = now;
    }
    long wait = nextFree - now;
    if (wait > 0) {
      sleeper.sleep(Duration.ofNanos(wait));
    }
    nextFree = Math.max(now, nextFree) + intervalNanos;
  }
}
