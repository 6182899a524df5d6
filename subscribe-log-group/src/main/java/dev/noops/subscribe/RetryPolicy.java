package dev.noops.subscribe;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How often and how long to back off: exponential with full jitter ({@code random(0, min(cap,
 * base * 2^attempt))}), so many throttled callers spread out instead of retrying in step.
 *
 * @param maxAttempts attempts in all, the first included
 * @param base the first backoff ceiling
 * @param cap the largest backoff ceiling
 */
record RetryPolicy(int maxAttempts, Duration base, Duration cap) {
  static final RetryPolicy DEFAULT = new RetryPolicy(8, Duration.ofMillis(200), Duration.ofSeconds(10));

  RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
  }

  /** The pause before retry number {@code retry} (1 for the first retry). */
  Duration backoff(int retry, RandomGenerator random) {
    long ceiling = Math.min(cap.toNanos(), base.toNanos() << Math.min(retry - 1, 30));
    return Duration.ofNanos(ceiling <= 0 ? 0 : random.nextLong(ceiling + 1));
  }
}
