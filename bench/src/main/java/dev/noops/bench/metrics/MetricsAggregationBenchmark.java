package dev.noops.bench.metrics;

import dev.noops.metrics.MetricsFromLogs;
import dev.noops.metrics.MetricsInvocation;
import dev.noops.metrics.PublishReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * "metrics aggregation lines/s": one invocation's worth of MONITORING lines found, parsed,
 * aggregated, packed into PutMetricData batches and rendered as request JSON (the dry-run
 * destination, no network). The mix: bare lines, Node and Python runtime prefixes, JSON log lines;
 * counts with tags, latencies and gauges over 50 metric names and 3 functions, all within one
 * minute.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MetricsAggregationBenchmark {
  static final int LINES = 10_000;
  private static final String[] GROUPS = {
    "/aws/lambda/orders", "/aws/lambda/billing", "/aws/lambda/search"
  };

  private final List<String> messages = new ArrayList<>(LINES);
  private MetricsFromLogs metrics;
  private Instant now;

  @Setup
  public void setUp() {
    now = Instant.now();
    long epoch = now.getEpochSecond() - now.getEpochSecond() % 60;
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < LINES; i++) {
      String body =
          switch (i % 3) {
            case 0 ->
                "1|count|requests-"
                    + (i % 20)
                    + "|#route:/api/"
                    + (i % 5)
                    + ",status:"
                    + (200 + (i % 4));
            case 1 ->
                String.format("%.1f", random.nextDouble(1, 500))
                    + "|latency|latency-"
                    + (i % 20)
                    + "|#route:/api/"
                    + (i % 5);
            default -> random.nextInt(100) + "|gauge|queue-depth-" + (i % 10);
          };
      String line = "MONITORING|" + (epoch + i % 60) + "|" + body;
      messages.add(
          switch (i % 4) {
            case 0 -> line;
            case 1 ->
                "2026-11-25T10:00:00.000Z\tc793869b-ee49-115b-a5b6-4fd21e8dedac\tINFO\t"
                    + line
                    + "\n";
            case 2 ->
                "[INFO]\t2026-11-25T10:00:00.000Z\tc793869b-ee49-115b-a5b6-4fd21e8dedac\t"
                    + line
                    + "\n";
            default ->
                "{\"timestamp\":\"2026-11-25T10:00:00.000Z\",\"level\":\"INFO\",\"requestId\":\"c793869b\","
                    + "\"message\":\""
                    + line
                    + "\"}";
          });
    }
    metrics = MetricsFromLogs.builder().printRequests(request -> {}).build();
  }

  @Benchmark
  @OperationsPerInvocation(LINES)
  public PublishReport aggregate() {
    MetricsInvocation invocation = metrics.newInvocation();
    for (int i = 0; i < LINES; i++) {
      invocation.accept(GROUPS[i % GROUPS.length], messages.get(i), now);
    }
    return invocation.publish();
  }
}
