package dev.noops.configapi;

import java.util.concurrent.ThreadLocalRandom;

/** Full-jitter exponential backoff between retries of a lost race or unprocessed keys. */
final class Backoff {
  private static final long BASE_MILLIS = 5;
  private static final long CAP_MILLIS = 200;

  private Backoff() {}

  static void sleep(int attempt) {
    long ceiling = Math.min(CAP_MILLIS, BASE_MILLIS << Math.min(attempt, 10));
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConfigException(ConfigException.Reason.UNAVAILABLE, "interrupted while retrying", e);
    }
  }
}
