package dev.noops.subscribe;

import java.util.Locale;

/** What happened to (or, in a dry run, would happen to) one log group. */
public enum Action {
  /** Our filter was added. */
  SUBSCRIBED,
  /**
   * Our filter existed with another destination, pattern, role or distribution and was rewritten in
   * place.
   */
  UPDATED,
  /** Nothing to write: our filter (or another one to the same destination) is current. */
  ALREADY,
  /** Left alone on purpose; see {@link SkipReason}. */
  SKIPPED,
  /** Our filter was removed (custom resource Delete with {@code UNSUBSCRIBE_ON_DELETE}). */
  UNSUBSCRIBED,
  /** A call failed after its retries; the run went on with the next group. */
  FAILED;

  /** The verb of a plan line: subscribe, update, already, skip, unsubscribe, fail. */
  public String planVerb() {
    return switch (this) {
      case SUBSCRIBED -> "subscribe";
      case UPDATED -> "update";
      case ALREADY -> "already";
      case SKIPPED -> "skip";
      case UNSUBSCRIBED -> "unsubscribe";
      case FAILED -> "fail";
    };
  }

  String metricName() {
    String lower = name().toLowerCase(Locale.ROOT);
    return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
  }
}
