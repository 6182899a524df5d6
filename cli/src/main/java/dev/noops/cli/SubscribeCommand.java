package dev.noops.cli;

import dev.noops.subscribe.Action;
import dev.noops.subscribe.AwsClients;
import dev.noops.subscribe.LogGroupSubscriber;
import dev.noops.subscribe.RunSummary;
import dev.noops.subscribe.SubscribeException;
import dev.noops.subscribe.SubscribeSettings;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
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
        "Subscribe every matching CloudWatch Logs group to the shipper (the reconcile the subscriber Lambda runs).",
        "Prints one line per log group: <group>\\t<action>\\t<reason>. Exit codes: 0 ok, 1 some groups failed, 2 bad usage."},
    usageHelpAutoWidth = true)
final class SubscribeCommand implements Callable<Integer> {
  static final int PROGRESS_EVERY = 100;

  @Spec
  CommandSpec spec;

  @Option(names = "--destination", required = true, paramLabel = "ARN",
      description = "Lambda function, Kinesis stream or Firehose delivery stream ARN to deliver to.")
  String destination;

  @Option(names = "--dry-run", description = "Only read: print what would be done, write nothing.")
  boolean dryRun;

  @Option(names = "--prefix", paramLabel = "P", description = "Include log groups starting with P (repeatable; default /aws/lambda/; * for all).")
  List<String> prefixes = new ArrayList<>();

  @Option(names = "--exclude", paramLabel = "P", description = "Exclude log groups starting with P (repeatable).")
  List<String> excludes = new ArrayList<>();

  @Option(names = "--exclude-regex", paramLabel = "R", description = "Exclude log groups whose name matches the Java regex R.")
  String excludeRegex;

  @Option(names = "--filter-pattern", paramLabel = "S", description = "Subscription filter pattern (default: every line).")
  String filterPattern;

  @Option(names = "--filter-name", paramLabel = "NAME", description = "Name of our filter (default: ${DEFAULT-VALUE}).",
      defaultValue = SubscribeSettings.DEFAULT_FILTER_NAME)
  String filterName;

  @Option(names = "--retention-days", paramLabel = "N", description = "Set retention to N days where a group has none or a shorter one.")
  Integer retentionDays;

  @Option(names = "--force-retention", description = "Also shorten a longer retention to --retention-days.")
  boolean forceRetention;

  @Option(names = "--role-arn", paramLabel = "ARN", description = "Role CloudWatch Logs assumes (Kinesis and Firehose destinations).")
  String roleArn;

  @Option(names = "--protect", paramLabel = "GROUP", description = "Never subscribe this log group (repeatable), e.g. a shipper's custom log group.")
  List<String> protectedGroups = new ArrayList<>();

  @Option(names = "--rate", paramLabel = "N", defaultValue = "5", description = "CloudWatch Logs calls per second (default: ${DEFAULT-VALUE}).")
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
      RunSummary summary = subscriber.reconcile(dryRun, outcome -> {
        out.println(outcome.planLine());
        out.flush();
        running[0].add(outcome);
        if (++seen[0] % PROGRESS_EVERY == 0) {
          err.println("progress: " + seen[0] + " log groups (" + running[0].describe(dryRun) + ")");
          err.flush();
        }
      });
      err.println((dryRun ? "dry run, nothing written: " : "done: ") + summary.total() + " log groups, " + summary.describe(dryRun));
      return summary.count(Action.FAILED) > 0 ? 1 : 0;
    } catch (SdkException e) {
      err.println("noops subscribe: " + CliAws.describe(e));
      return 1;
    }
  }

  private SubscribeSettings settings() {
    SubscribeSettings.Builder b = SubscribeSettings.builder().destinationArn(destination).roleArn(roleArn)
        .filterName(filterName).retentionDays(retentionDays).forceRetention(forceRetention).requestsPerSecond(rate)
        .excludeRegex(excludeRegex);
    if (filterPattern != null) {
      b.filterPattern(filterPattern);
    }
    prefixes.forEach(b::includePrefix);
    excludes.forEach(b::excludePrefix);
    protectedGroups.forEach(b::protectedGroup);
    try {
      return b.build();
    } catch (SubscribeException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }
}
