package dev.noops.subscribe;

/** Why a log group was skipped; each is counted separately in the run summary. */
public enum SkipReason {
  /**
   * Outside the include prefixes, inside an exclude prefix or the exclude regex, or deselected by
   * tags.
   */
  NOT_SELECTED("SkippedNotSelected"),
  /**
   * The destination's own log group or the subscriber's own (a log loop); never subscribed whatever
   * the configuration says.
   */
  PROTECTED("SkippedProtected"),
  /** Every subscription filter slot of the group is held by other filters. */
  NO_FREE_SLOT("SkippedNoFreeSlot"),
  /** The group was deleted between listing and writing. */
  GONE("SkippedGone"),
  /** AWS answered that the group is reserved for the function logs of the destination function. */
  RESERVED_BY_AWS("SkippedReservedByAws");

  private final String metric;

  SkipReason(String metric) {
    this.metric = metric;
  }

  String metricName() {
    return metric;
  }
}
