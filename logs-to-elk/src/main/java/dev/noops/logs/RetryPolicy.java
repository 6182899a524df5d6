package dev.noops.logs;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter between delivery rounds, and the longest a single request may take.
 *
 * @param baseDelay the first round's delay ceiling
 * @param maxDelay the ceiling of any delay
 * @param requestTimeout the longest one request may take (less when the budget is shorter)
 */
record RetryPolicy(Duration baseDelay, Duration maxDelay, Duration requestTimeout) {
  /** Below this much remaining time a request is not worth starting. */
  static final Duration MIN_REQUEST_TIME = Duration.ofMillis(50);

  /** "Equal jitter": half the exponential ceiling plus a random share of the other half. */
  Duration delay(int attempt) {
    long ceiling = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << Math.min(attempt - 1, 20));
    long half = ceiling / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
  }

  Duration timeout(Deadline deadline) {
    Duration remaining = deadline.remaining();
    return remaining.compareTo(requestTimeout) < 0 ? remaining : requestTimeout;
  }
}
