package dev.noops.metrics;

/**
 * The outcome of one invocation's metrics.
 *
 * @param lines well-formed MONITORING lines aggregated
 * @param malformed malformed MONITORING lines (counted, not published)
 * @param outOfWindow lines dropped because their timestamp was outside [now − 14 days, now + 2 hours]
 * @param droppedTags tags dropped because a datum would have had more than 30 dimensions
 * @param result what the publisher did with each batch
 */
public record PublishReport(int lines, int malformed, int outOfWindow, int droppedTags, PublishResult result) {
  /** True when every line was well formed and every batch was published. */
  public boolean clean() {
    return malformed == 0 && outOfWindow == 0 && result.complete();
  }
}
