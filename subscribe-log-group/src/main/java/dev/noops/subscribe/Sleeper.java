package dev.noops.subscribe;

import java.time.Duration;

/** Waits; tests substitute one that records instead of sleeping. */
@FunctionalInterface
interface Sleeper {
  Sleeper REAL = duration -> {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SubscribeException("interrupted while pacing CloudWatch Logs calls", e);
    }
  };

  void sleep(Duration duration);
}
