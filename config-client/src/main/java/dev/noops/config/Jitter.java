package dev.noops.config;

import java.security.SecureRandom;
import java.util.SplittableRandom;

/**
 * Spreads refreshes: an entry lives between {@code maxAge * (1 - fraction)} and {@code maxAge}, so
 * that many execution environments warmed at the same moment do not all refresh at the same moment.
 * Draws from a seeded {@link SplittableRandom}; {@link #reseed} after a SnapStart restore, since
 * every environment restored from one snapshot would otherwise draw the same sequence. Draws happen
 * once per refresh, not per read, so one lock is cheap enough.
 */
final class Jitter {
  private final double fraction;
  private SplittableRandom random;

  Jitter(double fraction, long seed) {
    if (!(fraction >= 0.0 && fraction <= 1.0)) {
      throw new IllegalArgumentException("jitter must be within 0..1: " + fraction);
    }
    this.fraction = fraction;
    this.random = new SplittableRandom(seed);
  }

  static long freshSeed() {
    return new SecureRandom().nextLong();
  }

  synchronized void reseed(long seed) {
    random = new SplittableRandom(seed);
  }

  /** {@code maxAgeMillis} shortened by a random part of at most {@code fraction}. */
  long apply(long maxAgeMillis) {
    if (fraction == 0.0) {
      return maxAgeMillis;
    }
    return maxAgeMillis - (long) (maxAgeMillis * fraction * nextDouble());
  }

  private synchronized double nextDouble() {
    return random.nextDouble();
  }
}
