package dev.noops.subscribe;

import dev.noops.support.Backoff;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How often and how long to back off: the functions' shared {@link Backoff} (exponential with full
 * jitter, {@code random(0, min(cap, base * 2^(retry-1)))}), so many throttled callers spread out
 * instead of retrying in step.
 *
 * @param maxAttempts attempts in all, the first included
 * @param base the first backoff ceiling
 * @param cap the largest backoff ceiling
 */
record RetryPolicy(int maxAttempts, Duration base, Duration cap) {
  static final RetryPolicy DEFAULT =
      new RetryPolicy(8, Duration.ofMillis(200), Duration.ofSeconds(10));

  RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
  }

  /** The pauses between attempts, drawn from {@code random} and waited on {@code sleeper}. */
  Backoff backoff(Sleeper sleeper, RandomGenerator random) {
    return Backoff.builder().delays(base, cap).random(random).sleeper(sleeper::sleep).build();
  }
}
