package dev.noops.configapi;

import dev.noops.support.Backoff;
import java.time.Duration;

/**
 * The pause before retrying a lost conditional-write race or DynamoDB's unprocessed keys: the
 * functions' shared {@link Backoff}, full jitter under 5 ms doubling to 200 ms. DynamoDB calls
 * themselves are retried by the SDK's standard retry strategy; these are answers the SDK counts as
 * successes.
 */
final class RetryPause {
  private static final Backoff BACKOFF =
      Backoff.builder().delays(Duration.ofMillis(5), Duration.ofMillis(200)).build();

  private RetryPause() {}

  /** Waits before retry number {@code retry} (1 for the first). */
  static void before(int retry) {
    try {
      BACKOFF.pause(retry);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConfigException(
          ConfigException.Reason.UNAVAILABLE, "interrupted while retrying", e);
    }
  }
}
