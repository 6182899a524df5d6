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

  static LogGroupInfo of(software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup group) {
    String arn = group.logGroupArn();
    if (arn == null && group.arn() != null) {
      arn =
          group.arn().endsWith(":*")
              ? group.arn().substring(0, group.arn().length() - 2)
              : group.arn();
    }
    return new LogGroupInfo(group.logGroupName(), arn, group.retentionInDays());
  }
}
