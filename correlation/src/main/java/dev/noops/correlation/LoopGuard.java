package dev.noops.correlation;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses to forward IDs once the call chain is as long as allowed: a service at length {@code max}
 * may not call an ({@code max + 1})th. {@code NOOPS_MAX_CALL_CHAIN_LENGTH} sets the maximum
 * (default {@value #DEFAULT_MAX}; {@code 0} switches the guard off).
 */
final class LoopGuard {
  static final String ENV = "NOOPS_MAX_CALL_CHAIN_LENGTH";
  static final int DEFAULT_MAX = 20;
  private static final Logger LOG = LoggerFactory.getLogger(LoopGuard.class);

  private static volatile int max = parseMax(System.getenv(ENV));

  private LoopGuard() {}

  /**
   * Throws (after one ERROR line) when forwarding {@code ids} to {@code target} would exceed the
   * maximum.
   */
  static void check(CorrelationIds ids, String target) {
    int limit = max;
    int length = ids.callChainLength();
    if (limit > 0 && length >= limit) {
      CallChainTooLongException refusal = new CallChainTooLongException(length, limit, target);
      LOG.error("LOOP GUARD: {} (x-correlation-id {})", refusal.getMessage(), ids.correlationId());
      throw refusal;
    }
  }

  /** The maximum in {@code text}, or the default (with a warning) when it is not a number >= 0. */
  static int parseMax(String text) {
    if (text == null || text.isBlank()) {
      return DEFAULT_MAX;
    }
    try {
      int value = Integer.parseInt(text.strip());
      if (value >= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // falls through to the warning
    }
    LOG.warn("{} is not a whole number >= 0; the loop guard stops chains at {}", ENV, DEFAULT_MAX);
    return DEFAULT_MAX;
  }

  static int max() {
    return max;
  }

  static void useMax(int value) {
    max = value;
  }
}
