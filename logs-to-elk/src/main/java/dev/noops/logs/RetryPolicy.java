package dev.noops.logs;

import dev.noops.support.Backoff;
import dev.noops.support.Deadline;
import java.time.Duration;

/**
 * The shipper's retry settings: the backoff between delivery rounds (the functions' shared {@link
 * Backoff}), and the longest a single request may take.
 *
 * @param baseDelay the first round's delay ceiling
 * @param maxDelay the ceiling of any delay
 * @param requestTimeout the longest one request may take (less when the budget is shorter)
 */
record RetryPolicy(Duration baseDelay, Duration maxDelay, Duration requestTimeout) {
  /** Below this much remaining time a request is not worth starting. */
  static final Duration MIN_REQUEST_TIME = Duration.ofMillis(50);

  /**
   * The pauses between delivery rounds: full jitter under {@code min(maxDelay, baseDelay *
   * 2^(round-1))}.
   */
  Backoff backoff() {
    return Backoff.builder().delays(baseDelay, maxDelay).build();
  }

  Duration timeout(Deadline deadline) {
    Duration remaining = deadline.remaining();
    return remaining.compareTo(requestTimeout) < 0 ? remaining : requestTimeout;
  }
}
