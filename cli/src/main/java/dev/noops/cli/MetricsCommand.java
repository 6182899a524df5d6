package dev.noops.cli;

import dev.noops.metrics.MetricsFromLogs;
import dev.noops.metrics.MetricsInvocation;
import dev.noops.metrics.PublishReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/**
 * {@code noops metrics}: the MONITORING lines of log files as CloudWatch metrics, printed or
 * published.
 */
@Command(
    name = "metrics",
    mixinStandardHelpOptions = true,
    description = {
      "Turns the MONITORING|epoch|value|type|name[|#tag:value,...] lines of log files into"
          + " CloudWatch metrics.",
      "FILE is a CloudWatch Logs subscription event ({\"awslogs\":{\"data\":...}}), a decoded"
          + " CloudWatch Logs payload, or a plain log file (one event per line).",
      "Without --dry-run it calls PutMetricData (region, credentials and AWS_ENDPOINT_URL from the"
          + " environment).",
      "Exit codes: 0 ok; 1 some lines or metrics failed; 2 bad usage or unreadable input."
    })
final class MetricsCommand implements Callable<Integer> {
  static final int OK = 0;
  static final int SOME_FAILED = 1;

  @Spec CommandSpec spec;

  @Option(
      names = "--dry-run",
      description = "Print one JSON object per PutMetricData request instead of sending it.")
  boolean dryRun;

  @Option(
      names = "--namespace",
      defaultValue = MetricsFromLogs.DEFAULT_NAMESPACE,
      description = "CloudWatch namespace (default: ${DEFAULT-VALUE}); AWS/... is refused.")
  String namespace;

  @Option(
      names = "--log-group",
      paramLabel = "GROUP",
      description =
          "Log group of plain log files, e.g. /aws/lambda/orders (gives the FunctionName"
              + " dimension).")
  String logGroup;

  @Option(
      names = "--high-resolution",
      description = "Aggregate per second (StorageResolution 1) instead of per minute.")
  boolean highResolution;

  @Option(
      names = "--report-metrics",
      description = "Also derive per-function metrics from REPORT lines (namespace noops/lambda).")
  boolean reportMetrics;

  @Option(
      names = "--no-function-name",
      description =
          "Leave the FunctionName dimension out (a line's noops.function_name tag still decides for"
              + " it).")
  boolean noFunctionName;

  @Option(
      names = "--rollup",
      description = "Also publish every metric without FunctionName, for fleet-wide graphs.")
  boolean rollup;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Log files to read.")
  List<Path> files;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    List<LogFileReader.Events> inputs = new ArrayList<>();
    for (Path file : files) {
      try {
        inputs.add(LogFileReader.read(file, logGroup));
      } catch (LogFileReader.UnreadableInputException e) {
        return InputProblems.report(err, "metrics", file, e.getMessage());
      }
    }
    MetricsFromLogs.Builder builder;
    try {
      builder =
          MetricsFromLogs.builder()
              .namespace(namespace)
              .highResolution(highResolution)
              .reportMetrics(reportMetrics);
    } catch (IllegalArgumentException e) {
      err.println("noops metrics: --namespace: " + e.getMessage());
      return Noops.USAGE;
    }
    builder.functionNameDimension(!noFunctionName).rollup(rollup);
    if (dryRun) {
      PrintWriter out = spec.commandLine().getOut();
      return summarize(
          publish(
              builder
                  .printRequests(
                      request -> {
                        out.println(request);
                        out.flush();
                      })
                  .build(),
              inputs),
          err);
    }
    Optional<String> region = CliAws.region(System.getenv(), null);
    if (region.isEmpty()) {
      err.println("noops metrics: " + CliAws.NO_REGION);
      return Noops.USAGE;
    }
    CloudWatchClient client;
    try {
      // a terminal can wait longer than a Lambda's publish budget: the SDK's default timeouts, our
      // retries
      client =
          CloudWatchClient.builder()
              .region(Region.of(region.get()))
              .httpClient(UrlConnectionHttpClient.create())
              .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
              .build();
    } catch (SdkClientException e) {
      err.println("noops metrics: " + CliAws.describe(e));
      return Noops.USAGE;
    }
    try (client) {
      return summarize(publish(builder.cloudWatch(client).build(), inputs), err);
    }
  }

  private static PublishReport publish(MetricsFromLogs metrics, List<LogFileReader.Events> inputs) {
    MetricsInvocation invocation = metrics.newInvocation();
    for (LogFileReader.Events input : inputs) {
      input
          .events()
          .forEach(
              event -> invocation.accept(input.logGroup(), event.message(), event.timestamp()));
    }
    return invocation.publish(Instant.now().plus(Duration.ofMinutes(2)));
  }

  private int summarize(PublishReport report, PrintWriter err) {
    err.printf(
        "noops metrics: %d line(s), %d malformed, %d outside the timestamp window, %d CloudWatch"
            + " would reject, %d datum(s) %s, %d failed%n",
        report.lines(),
        report.malformed(),
        report.outOfWindow(),
        report.rejected(),
        report.publishedDatums(),
        dryRun ? "printed" : "published",
        report.failedDatums());
    if (report.emptyTagValues() > 0 || report.transliterated() > 0 || report.droppedTags() > 0) {
      err.printf(
          "noops metrics: warning: %d empty-valued tag(s) and %d other tag(s) dropped as"
              + " dimensions, %d name(s) or value(s) folded to ASCII (the metrics were kept)%n",
          report.emptyTagValues(), report.droppedTags(), report.transliterated());
    }
    err.flush();
    return report.clean() ? OK : SOME_FAILED;
  }
}
