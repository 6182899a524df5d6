package dev.noops.config;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** A wall clock the test moves by hand. */
final class TestClock implements LongSupplier {
  private final AtomicLong millis = new AtomicLong(1_795_000_000_000L);

  @Override
  public long getAsLong() {
    return millis.get();
  }

  void advance(Duration by) {
    millis.addAndGet(by.toMillis());
  }
}
