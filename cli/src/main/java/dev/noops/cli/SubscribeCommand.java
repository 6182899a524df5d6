package dev.noops.cli;

import dev.noops.subscribe.Action;
import dev.noops.subscribe.AwsClients;
import dev.noops.subscribe.GroupOutcome;
import dev.noops.subscribe.LogGroupSubscriber;
import dev.noops.subscribe.PolicyAction;
import dev.noops.subscribe.RunSummary;
import dev.noops.subscribe.SubscribeException;
import dev.noops.subscribe.SubscribeSettings;
import dev.noops.subscribe.SubscriptionMode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/**
 * {@code noops subscribe}: the subscriber Lambda's reconcile, run from a terminal with the default
 * AWS credentials, region and endpoint ({@code AWS_ENDPOINT_URL} included). One line per log group
 * on stdout ({@code <group>\t<action>\t<reason>}); progress and the summary on stderr.
 */
@Command(
    name = "subscribe",
    mixinStandardHelpOptions = true,
    description = {
      "Subscribe every matching CloudWatch Logs group to the shipper (the reconcile the subscriber"
          + " Lambda runs).",
      "Prints one line per log group: <group>\\t<action>\\t<reason>. Exit codes: 0 ok, 1 some"
          + " groups failed, 2 bad usage.",
      "--account-policy puts one account-level subscription filter policy instead (every log group"
          + " except exact names)",
      "and removes the per-group filters noops made; without it, a noops account policy is removed"
          + " first."
    },
    usageHelpAutoWidth = true)
final class SubscribeCommand implements Callable<Integer> {
  static final int PROGRESS_EVERY = 100;

  @Spec CommandSpec spec;

  @Option(
      names = "--destination",
      required = true,
      paramLabel = "ARN",
      description =
          "Lambda function, Kinesis stream or Firehose delivery stream ARN to deliver to.")
  String destination;

  @Option(names = "--dry-run", description = "Only read: print what would be done, write nothing.")
  boolean dryRun;

  @Option(
      names = "--prefix",
      paramLabel = "P",
      description =
          "Include log groups starting with P (repeatable; default /aws/lambda/; * for all).")
  List<String> prefixes = new ArrayList<>();

  @Option(
      names = "--exclude",
      paramLabel = "P",
      description = "Exclude log groups starting with P (repeatable).")
  List<String> excludes = new ArrayList<>();

  @Option(
      names = "--exclude-regex",
      paramLabel = "R",
      description = "Exclude log groups whose name matches the Java regex R.")
  String excludeRegex;

  @Option(
      names = "--filter-pattern",
      paramLabel = "S",
      description = "Subscription filter pattern (default: every line).")
  String filterPattern;

  @Option(
      names = "--filter-name",
      paramLabel = "NAME",
      description = "Name of our filter (default: ${DEFAULT-VALUE}).",
      defaultValue = SubscribeSettings.DEFAULT_FILTER_NAME)
  String filterName;

  @Option(
      names = "--retention-days",
      paramLabel = "N",
      description = "Set retention to N days where a group has none or a shorter one.")
  Integer retentionDays;

  @Option(
      names = "--force-retention",
      description = "Also shorten a longer retention to --retention-days.")
  boolean forceRetention;

  @Option(
      names = "--role-arn",
      paramLabel = "ARN",
      description = "Role CloudWatch Logs assumes (Kinesis and Firehose destinations).")
  String roleArn;

  @Option(
      names = "--protect",
      paramLabel = "GROUP",
      description =
          "Never subscribe this log group (repeatable), e.g. a shipper's custom log group.")
  List<String> protectedGroups = new ArrayList<>();

  @Option(
      names = "--account-policy",
      description =
          "Use one account-level subscription filter policy instead of per-group filters.")
  boolean accountPolicy;

  @Option(
      names = "--exclude-group",
      paramLabel = "GROUP",
      description =
          "Never subscribe this exact log group (repeatable; the account policy excludes it).")
  List<String> excludeGroups = new ArrayList<>();

  @Option(
      names = "--include-regex",
      paramLabel = "R",
      description = "Only log groups whose name matches the Java regex R.")
  String includeRegex;

  @Option(
      names = "--include-tag",
      paramLabel = "K[=V]",
      description =
          "Only log groups carrying this tag (repeatable; one of them, or all with --all-tags).")
  List<String> includeTags = new ArrayList<>();

  @Option(
      names = "--exclude-tag",
      paramLabel = "K[=V]",
      description = "Skip log groups carrying this tag (repeatable).")
  List<String> excludeTags = new ArrayList<>();

  @Option(
      names = "--all-tags",
      description = "A log group must carry every --include-tag (default: any one).")
  boolean allTags;

  @Option(
      names = "--rate",
      paramLabel = "N",
      defaultValue = "5",
      description =
          "CloudWatch Logs calls per second of each operation (default: ${DEFAULT-VALUE}).")
  double rate;

  @Override
  public Integer call() {
    SubscribeSettings settings = settings();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<String> region = CliAws.region(System.getenv(), destination);
    if (region.isEmpty()) {
      err.println("noops subscribe: " + CliAws.NO_REGION);
      return Noops.USAGE;
    }
    try (CloudWatchLogsClient logs = AwsClients.cloudWatchLogs(region.get())) {
      LogGroupSubscriber subscriber = LogGroupSubscriber.create(logs, settings);
      int[] seen = {0};
      RunSummary[] running = {new RunSummary()};
      Consumer<GroupOutcome> listener =
          outcome -> {
            out.println(outcome.planLine());
            out.flush();
            running[0].add(outcome);
            if (++seen[0] % PROGRESS_EVERY == 0) {
              err.println(
                  "progress: " + seen[0] + " log groups (" + running[0].describe(dryRun) + ")");
              err.flush();
            }
          };
      RunSummary summary;
      if (settings.mode() == SubscriptionMode.ACCOUNT_POLICY) {
        if (dryRun) {
          out.println(subscriber.accountPolicyRequest());
        }
        PolicyAction action = subscriber.applyAccountPolicy(dryRun);
        out.println(policyLine(settings, action));
        out.flush();
        summary = subscriber.unsubscribe(dryRun, listener);
      } else {
        removeOldPolicy(subscriber, out, err);
        summary = subscriber.reconcile(dryRun, listener);
      }
      err.println(
          (dryRun ? "dry run, nothing written: " : "done: ")
              + summary.total()
              + " log groups, "
              + summary.describe(dryRun));
      return summary.count(Action.FAILED) > 0 ? 1 : 0;
    } catch (SubscribeException e) {
      err.println("noops subscribe: " + e.getMessage());
      return 1;
    } catch (SdkException e) {
      err.println("noops subscribe: " + CliAws.describe(e));
      return 1;
    }
  }

  private void removeOldPolicy(LogGroupSubscriber subscriber, PrintWriter out, PrintWriter err) {
    try {
      PolicyAction action = subscriber.removeAccountPolicy(dryRun);
      if (action == PolicyAction.REMOVED) {
        out.println(policyLine(subscriber.settings(), action));
        out.flush();
      }
    } catch (SdkException e) {
      err.println(
          "noops subscribe: warning: could not check for a noops account policy: "
              + CliAws.describe(e));
    }
  }

  private String policyLine(SubscribeSettings settings, PolicyAction action) {
    String verb =
        switch (action) {
          case PUT -> dryRun ? "would put" : "put";
          case UNCHANGED -> "already";
          case REMOVED -> dryRun ? "would remove" : "remove";
          case ABSENT -> "absent";
        };
    return "account-policy "
        + settings.filterName()
        + "\t"
        + verb
        + "\t"
        + (settings.mode() == SubscriptionMode.ACCOUNT_POLICY
            ? "every log group but the ones its selection criteria exclude"
            : "per-group mode: the account policy noops made is removed");
  }

  private SubscribeSettings settings() {
    SubscribeSettings.Builder b =
        SubscribeSettings.builder()
            .destinationArn(destination)
            .roleArn(roleArn)
            .filterName(filterName)
            .retentionDays(retentionDays)
            .forceRetention(forceRetention)
            .requestsPerSecond(rate)
            .excludeRegex(excludeRegex)
            .includeRegex(includeRegex)
            .allIncludeTags(allTags)
            .mode(accountPolicy ? SubscriptionMode.ACCOUNT_POLICY : SubscriptionMode.PER_GROUP);
    if (filterPattern != null) {
      b.filterPattern(filterPattern);
    }
    prefixes.forEach(b::includePrefix);
    excludes.forEach(b::excludePrefix);
    protectedGroups.forEach(b::protectedGroup);
    excludeGroups.forEach(b::excludeGroup);
    includeTags.forEach(b::includeTag);
    excludeTags.forEach(b::excludeTag);
    try {
      return b.build();
    } catch (SubscribeException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }
}
