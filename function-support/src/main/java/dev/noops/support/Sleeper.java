package dev.noops.support;

import java.time.Duration;

/**
 * Waits; tests substitute one that records the pause (and may advance a fake clock) instead of
 * sleeping.
 */
@FunctionalInterface
public interface Sleeper {
  /** {@link Thread#sleep(Duration)}. */
  Sleeper REAL = Thread::sleep;

  void sleep(Duration duration) throws InterruptedException;
}
