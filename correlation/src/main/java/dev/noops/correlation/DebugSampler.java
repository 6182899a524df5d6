package dev.noops.correlation;

import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides {@code debug-log-enabled} for invocations whose caller did not: true for a fraction of
 * them, {@code NOOPS_DEBUG_SAMPLE_RATE} (0 to 1, default 0.01).
 */
final class DebugSampler {
  static final String ENV = "NOOPS_DEBUG_SAMPLE_RATE";
  static final double DEFAULT_RATE = 0.01;
  private static final Logger LOG = LoggerFactory.getLogger(DebugSampler.class);

  private final double rate;

  DebugSampler(double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException("rate must be in [0, 1]: " + rate);
    }
    this.rate = rate;
  }

  static DebugSampler fromEnvironment() {
    return new DebugSampler(parseRate(System.getenv(ENV)));
  }

  /**
   * The rate in {@code text}, or the default (with a warning) when it is not a number in [0, 1].
   */
  static double parseRate(String text) {
    if (text == null || text.isBlank()) {
      return DEFAULT_RATE;
    }
    try {
      double rate = Double.parseDouble(text.strip());
      if (rate >= 0 && rate <= 1) {
        return rate;
      }
    } catch (NumberFormatException e) {
      // falls through to the warning
    }
    LOG.warn("{} is not a number between 0 and 1; sampling debug logs at {}", ENV, DEFAULT_RATE);
    return DEFAULT_RATE;
  }

  double rate() {
    return rate;
  }

  boolean sample() {
    return rate > 0 && (rate >= 1 || ThreadLocalRandom.current().nextDouble() < rate);
  }
}
