package dev.noops.bench.harness;

import dev.noops.metrics.MetricsFromLogs;
import dev.noops.metrics.MetricsInvocation;
import dev.noops.metrics.PublishReport;
import dev.noops.testsupport.AwsWireMock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/**
 * PutMetricData calls per 100,000 MONITORING lines: the real CloudWatch publisher (SDK client, RPC
 * v2 CBOR) against {@link AwsWireMock}, counting the requests it receives. The lines arrive as the
 * shipper sees them: 100 invocations of 1,000 lines, spread over 5 minutes, 3 functions, 20
 * counters and 20 latencies with route/status tags, 10 gauges, in bare, Node, Python and JSON
 * lines. The naive design makes one call per line: 100,000.
 *
 * <p>Usage: {@code MetricsCalls <rows.jsonl> <command>}
 */
public final class MetricsCalls {
  static final int LINES = 100_000;
  static final int PER_INVOCATION = 1_000;
  private static final String[] GROUPS = {
    "/aws/lambda/orders", "/aws/lambda/billing", "/aws/lambda/search"
  };

  private MetricsCalls() {}

  public static void main(String[] args) {
    Path rows = Path.of(args[0]);
    String command = args[1];
    try (AwsWireMock aws = AwsWireMock.start();
        CloudWatchClient client =
            CloudWatchClient.builder()
                .endpointOverride(aws.endpoint())
                .region(Region.EU_WEST_1)
                .credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
      aws.stubCbor(AwsWireMock.CLOUDWATCH, "PutMetricData", AwsWireMock.Reply.ok());
      MetricsFromLogs metrics = MetricsFromLogs.builder().cloudWatch(client).build();
      Instant now = Instant.now();
      long start = now.getEpochSecond() - 300;
      SplittableRandom random = new SplittableRandom(42);
      int accepted = 0;
      for (int invocation = 0; invocation < LINES / PER_INVOCATION; invocation++) {
        MetricsInvocation batch = metrics.newInvocation();
        for (int i = 0; i < PER_INVOCATION; i++) {
          int n = invocation * PER_INVOCATION + i;
          long epoch = start + (long) n * 300 / LINES;
          batch.accept(GROUPS[n % GROUPS.length], line(n, epoch, random), now);
        }
        PublishReport report = batch.publish();
        if (!report.clean()) {
          throw new IllegalStateException("publish was not clean: " + report);
        }
        accepted += report.lines();
      }
      int calls = aws.cborRequests(AwsWireMock.CLOUDWATCH, "PutMetricData").size();
      String note =
          accepted
              + " lines accepted in "
              + LINES / PER_INVOCATION
              + " invocations of "
              + PER_INVOCATION
              + "; naive = one call per line = "
              + LINES;
      Row.append(
          rows,
          List.of(
              new Row(
                  "metrics: PutMetricData calls per 100,000 lines",
                  "calls",
                  (double) calls,
                  null,
                  1,
                  null,
                  null,
                  note,
                  command),
              new Row(
                  "metrics: calls made / calls of one-per-line (ratio)",
                  "ratio",
                  (double) calls / LINES,
                  null,
                  1,
                  null,
                  null,
                  String.format(
                      "%.0fx fewer calls than one per line", (double) LINES / Math.max(1, calls)),
                  command)));
    }
  }

  static String line(int n, long epoch, SplittableRandom random) {
    String body =
        switch (n % 3) {
          case 0 ->
              "1|count|requests-" + n % 20 + "|#route:/api/" + n % 5 + ",status:" + (200 + n % 4);
          case 1 ->
              String.format("%.1f", random.nextDouble(1, 500))
                  + "|latency|latency-"
                  + n % 20
                  + "|#route:/api/"
                  + n % 5;
          default -> random.nextInt(100) + "|gauge|queue-depth-" + n % 10;
        };
    String line = "MONITORING|" + epoch + "|" + body;
    return switch (n % 4) {
      case 0 -> line;
      case 1 ->
          "2026-11-25T10:00:00.000Z\tc793869b-ee49-115b-a5b6-4fd21e8dedac\tINFO\t" + line + "\n";
      case 2 ->
          "[INFO]\t2026-11-25T10:00:00.000Z\tc793869b-ee49-115b-a5b6-4fd21e8dedac\t" + line + "\n";
      default ->
          "{\"timestamp\":\"2026-11-25T10:00:00.000Z\",\"level\":\"INFO\",\"message\":\""
              + line
              + "\"}";
    };
  }
}
