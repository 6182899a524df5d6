package dev.noops.support;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * The one backoff of the noops functions, for the loops the SDK's retry strategies cannot own
 * (per-item {@code _bulk} retries, token-paced CloudWatch Logs calls, DynamoDB lost races and
 * unprocessed keys, the CloudFormation response PUT): exponential with full jitter, {@code
 * random(0, min(cap, base * 2^(retry-1)))}, so throttled callers spread out instead of retrying in
 * step. Never sleeps past a deadline. The clock, the sleeper and the random source are injected so
 * tests run without waiting.
 */
public final class Backoff {
  private final Duration base;
  private final Duration cap;
  private final RandomGenerator random;
  private final Sleeper sleeper;
  private final LongSupplier nanoClock;

  private Backoff(Builder builder) {
    this.base = builder.base;
    this.cap = builder.cap;
    this.random = builder.random;
    this.sleeper = builder.sleeper;
    this.nanoClock = builder.nanoClock;
  }

  /** A builder: base 100 ms, cap 2 s, real sleeper and {@link System#nanoTime()}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The pause before retry number {@code retry} (1 for the first retry), within {@code 0..min(cap,
   * base * 2^(retry-1))}.
   */
  public Duration delay(int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry must be at least 1: " + retry);
    }
    long ceiling = Math.min(cap.toNanos(), base.toNanos() << Math.min(retry - 1, 30));
    if (ceiling <= 0) {
      return Duration.ZERO;
    }
    RandomGenerator source = random != null ? random : DefaultRandom.INSTANCE;
    return Duration.ofNanos(source.nextLong(ceiling + 1));
  }

  /** Sleeps the delay of {@code retry}; returns it. */
  public Duration pause(int retry) throws InterruptedException {
    Duration delay = delay(retry);
    sleep(delay);
    return delay;
  }

  /**
   * Sleeps the delay of {@code retry}, cut to {@code available} (none when that is zero or
   * negative); returns what it slept.
   */
  public Duration pause(int retry, Duration available) throws InterruptedException {
    Duration delay = delay(retry);
    Duration sleep =
        available.isNegative() ? Duration.ZERO : delay.compareTo(available) > 0 ? available : delay;
    sleep(sleep);
    return sleep;
  }

  /**
   * Sleeps the delay of {@code retry} only if it ends before {@code deadlineNanos} (on this
   * backoff's clock, {@link #nanoTime()}); false, without sleeping, when it would not: the caller
   * should stop retrying.
   */
  public boolean pauseBefore(int retry, long deadlineNanos) throws InterruptedException {
    Duration delay = delay(retry);
    if (deadlineNanos - nanoClock.getAsLong() <= delay.toNanos()) {
      return false;
    }
    sleep(delay);
    return true;
  }

  /** This backoff's clock, to compute the deadline {@link #pauseBefore} takes. */
  public long nanoTime() {
    return nanoClock.getAsLong();
  }

  private void sleep(Duration duration) throws InterruptedException {
    if (!duration.isZero()) {
      sleeper.sleep(duration);
    }
  }

  /** The default jitter source, created at the first pause that needs it. */
  private static final class DefaultRandom {
    static final SecureRandom INSTANCE = new SecureRandom();
  }

  /** Configures a {@link Backoff}. */
  public static final class Builder {
    private Duration base = Duration.ofMillis(100);
    private Duration cap = Duration.ofSeconds(2);
    private RandomGenerator random;
    private Sleeper sleeper = Sleeper.REAL;
    private LongSupplier nanoClock = System::nanoTime;

    private Builder() {}

    /** The ceiling of the first retry's pause, doubling after up to {@code cap}. */
    public Builder delays(Duration base, Duration cap) {
      Objects.requireNonNull(base, "base == null");
      Objects.requireNonNull(cap, "cap == null");
      if (base.isNegative() || cap.compareTo(base) < 0) {
        throw new IllegalArgumentException("need 0 <= base <= cap: " + base + ", " + cap);
      }
      this.base = base;
      this.cap = cap;
      return this;
    }

    /**
     * The random source of the jitter; shared by threads, so thread-safe. Default {@link
     * SecureRandom}: unlike a seeded generator it does not draw the same sequence in every
     * environment restored from one SnapStart snapshot. The default is created at the first retry
     * of the process, so a cold start without one does not pay for seeding it.
     */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random == null");
      return this;
    }

    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper == null");
      return this;
    }

    public Builder nanoClock(LongSupplier nanoClock) {
      this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock == null");
      return this;
    }

    public Backoff build() {
      return new Backoff(this);
    }
  }
}
