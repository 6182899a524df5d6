package dev.noops.subscribe;

import java.util.OptionalInt;

/**
 * What this run has learned about the per-group subscription filter limit (2 in most accounts, 5 in
 * some), from AWS's own answers rather than a constant.
 *
 * <p>The API never states the limit: a full group answers PutSubscriptionFilter with
 * LimitExceededException "Resource limit exceeded.", the same exception CloudWatch Logs uses for
 * request-rate limits. So the count of filters DescribeSubscriptionFilters just returned is the
 * evidence: a new filter accepted beside {@code n} others proves the limit is above {@code n}; a
 * resource-limit answer beside {@code n} others, with {@code n} at or above that proof, means the
 * limit is {@code n}. A resource-limit answer that cannot be the slot limit (an in-place update, an
 * empty group, or fewer filters than a group that was proven to have room) is a rate limit and is
 * retried.
 */
final class SlotLimit {
  private int atLeast = 1;
  private Integer learned;

  /** Whether a group holding {@code held} foreign filters is known to have no room. */
  synchronized boolean knownFull(int held) {
    return learned != null && held >= learned;
  }

  /**
   * Whether a "Resource limit exceeded" answer can mean "no free slot" for a new filter beside
   * {@code held} others.
   */
  synchronized boolean couldBeFull(int held, boolean updatingOwn) {
    return !updatingOwn && held >= 1 && held >= atLeast;
  }

  /** A new filter was accepted beside {@code held} others: the limit is above {@code held}. */
  synchronized void accepted(int held) {
    atLeast = Math.max(atLeast, held + 1);
    if (learned != null && learned <= held) {
      learned = null; // that earlier answer was a rate limit after all
    }
  }

  /**
   * AWS refused a new filter beside {@code held} others for lack of room: the limit is {@code
   * held}.
   */
  synchronized void full(int held) {
    learned = held;
  }

  /**
   * The limit accounts have by default; a dry run, which writes nothing, assumes it until a group
   * shows more.
   */
  static final int USUAL_LIMIT = 2;

  /**
   * A group holds {@code filters} filters: the limit is at least that (a dry run learns from what
   * it reads).
   */
  synchronized void observed(int filters) {
    atLeast = Math.max(atLeast, filters);
  }

  /**
   * Whether a dry run should plan a group holding {@code held} foreign filters as full: what the
   * real run's PutSubscriptionFilter would answer, given what was learned or seen, else the usual
   * limit.
   */
  synchronized boolean plannedFull(int held) {
    return learned != null ? held >= learned : held >= Math.max(atLeast, USUAL_LIMIT);
  }

  synchronized OptionalInt learned() {
    return learned == null ? OptionalInt.empty() : OptionalInt.of(learned);
  }
}
