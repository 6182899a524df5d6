package dev.noops.metrics;

/**
 * The outcome of one invocation's metrics. Nothing counted here was sent to CloudWatch in a form it
 * would reject: malformed, out-of-window and rejected lines were left out before batching.
 *
 * @param lines well-formed MONITORING lines aggregated
 * @param malformed malformed MONITORING lines (counted, not published)
 * @param outOfWindow lines dropped because their timestamp was outside [now − 14 days, now + 2
 *     hours]
 * @param rejected lines and datums CloudWatch would refuse (a name or tag with no ASCII form, a sum
 *     beyond 2^360), left out and counted
 * @param droppedTags tags dropped: beyond 30 dimensions, overriding FunctionName, or a bad {@code
 *     noops.function_name} value
 * @param emptyTagValues tags dropped as dimensions because their value was empty ({@code source:});
 *     their metric was kept
 * @param transliterated tag names or values and metric names folded to ASCII ({@code é} → {@code
 *     e})
 * @param publishedDatums datums the destination accepted
 * @param failedDatums datums refused by the destination or not sent before the deadline
 */
public record PublishReport(
    int lines,
    int malformed,
    int outOfWindow,
    int rejected,
    int droppedTags,
    int emptyTagValues,
    int transliterated,
    int publishedDatums,
    int failedDatums) {
  /** True when every line was well formed and publishable and every datum was published. */
  public boolean clean() {
    return malformed == 0 && outOfWindow == 0 && rejected == 0 && failedDatums == 0;
  }
}
