package dev.noops.subscribe;

import java.time.Duration;

/**
 * Waits, unchecked (the pacing and backoff of a run); tests substitute one that records instead of
 * sleeping.
 */
@FunctionalInterface
interface Sleeper {
  Sleeper REAL =
      duration -> {
        try {
          dev.noops.support.Sleeper.REAL.sleep(duration);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SubscribeException("interrupted while pacing CloudWatch Logs calls", e);
        }
      };

  void sleep(Duration duration);
}
