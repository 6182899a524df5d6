package dev.noops.config;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Spreads refreshes: an entry lives between {@code maxAge * (1 - fraction)} and {@code maxAge}, so
 * that many execution environments warmed at the same moment do not all refresh at the same moment.
 * A SplitMix64 sequence on an atomic counter (lock-free); {@link #reseed} after a SnapStart restore,
 * since every environment restored from one snapshot would otherwise draw the same sequence.
 */
final class Jitter {
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
  private static final double UNIT = 0x1.0p-53;
  private final double fraction;
  private final AtomicLong state;

  Jitter(double fraction, long seed) {
    if (!(fraction >= 0.0 && fraction <= 1.0)) {
      throw new IllegalArgumentException("jitter must be within 0..1: " + fraction);
    }
    this.fraction = fraction;
    this.state = new AtomicLong(seed);
  }

  static long freshSeed() {
    return new SecureRandom().nextLong();
  }

  void reseed(long seed) {
    state.set(seed);
  }

  /** {@code maxAgeMillis} shortened by a random part of at most {@code fraction}. */
  long apply(long maxAgeMillis) {
    if (fraction == 0.0) {
      return maxAgeMillis;
    }
    return maxAgeMillis - (long) (maxAgeMillis * fraction * nextDouble());
  }

  private double nextDouble() {
    long z = state.addAndGet(GOLDEN_GAMMA);
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    z = z ^ (z >>> 31);
    return (z >>> 11) * UNIT;
  }
}
