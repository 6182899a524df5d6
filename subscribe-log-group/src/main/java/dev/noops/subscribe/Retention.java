package dev.noops.subscribe;

import java.util.List;
import java.util.Optional;

/**
 * The retention rule: only values AWS accepts, and never shorter than what a group has unless
 * forced.
 */
final class Retention {
  /**
   * The values {@code PutRetentionPolicy} accepts (CloudWatch Logs API reference, retentionInDays).
   */
  static final List<Integer> ACCEPTED_DAYS =
      List.of(
          1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
          2922, 3288, 3653);

  private Retention() {}

  static boolean isAccepted(int days) {
    return ACCEPTED_DAYS.contains(days);
  }

  /**
   * The retention to write, if any. {@code current} is null when the group has no retention policy
   * (events never expire, the AWS default every new group starts with): it gets the wanted one.
   * Without {@code force}, a group whose policy keeps events longer keeps it.
   */
  static Optional<Integer> toWrite(Integer current, int wanted, boolean force) {
    if (current == null) {
      return Optional.of(wanted);
    }
    if (current == wanted || (current > wanted && !force)) {
      return Optional.empty();
    }
    return Optional.of(wanted);
  }

  static String describe(Integer days) {
    return days == null ? "never expire" : days + " days";
  }
}
