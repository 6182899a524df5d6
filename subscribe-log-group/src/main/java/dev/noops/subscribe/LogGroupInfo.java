package dev.noops.subscribe;

import java.util.Objects;

/**
 * What a listing says about one log group.
 *
 * @param name the log group name
 * @param arn the ARN without the trailing {@code :*}, for tag look-ups
 * @param retentionDays the retention, or null when events never expire
 */
record LogGroupInfo(String name, String arn, Integer retentionDays) {
  LogGroupInfo {
    Objects.requireNonNull(name, "name == null");
  }

  /**
   * A listed group: {@code logGroupArn} when the listing has it, else {@code arn} less its {@code
   * :*}.
   */
  static LogGroupInfo of(String name, String logGroupArn, String arn, Integer retentionDays) {
    String tagArn = logGroupArn;
    if (tagArn == null && arn != null) {
      tagArn = arn.endsWith(":*") ? arn.substring(0, arn.length() - 2) : arn;
    }
    return new LogGroupInfo(name, tagArn, retentionDays);
  }
}
