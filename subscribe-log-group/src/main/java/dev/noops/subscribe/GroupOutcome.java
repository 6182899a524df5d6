package dev.noops.subscribe;

import java.util.Objects;

/**
 * The result for one log group.
 *
 * @param group the log group name
 * @param action what happened (or would happen, in a dry run)
 * @param skipReason why it was skipped, or null unless {@code action} is {@link Action#SKIPPED}
 * @param reason a short human explanation, used in plan lines and logs
 */
public record GroupOutcome(String group, Action action, SkipReason skipReason, String reason) {
  /** Checks the components, and that a skip reason goes with {@link Action#SKIPPED} only. */
  public GroupOutcome {
    Objects.requireNonNull(group, "group == null");
    Objects.requireNonNull(action, "action == null");
    Objects.requireNonNull(reason, "reason == null");
    if ((action == Action.SKIPPED) != (skipReason != null)) {
      throw new IllegalArgumentException(
          "a skip reason goes with SKIPPED only: " + action + "/" + skipReason);
    }
  }

  static GroupOutcome of(String group, Action action, String reason) {
    return new GroupOutcome(group, action, null, reason);
  }

  static GroupOutcome skipped(String group, SkipReason why, String reason) {
    return new GroupOutcome(group, Action.SKIPPED, why, reason);
  }

  /**
   * The plan line: {@code <group>\t<action>\t<reason>}, tabs and line breaks in the parts replaced
   * by spaces.
   */
  public String planLine() {
    return clean(group) + "\t" + action.planVerb() + "\t" + clean(reason);
  }

  private static String clean(String text) {
    return text.replaceAll("[\\t\\r\\n]", " ");
  }
}
