package dev.noops.bench.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns JMH's {@code -rf json} output into result rows: for each figure the benchmark (by class and
 * method), the metric (primary, or a named {@code @AuxCounters} field) and a unit scale. A
 * benchmark absent from the JSON (not in this build, or it failed) becomes a "not measured" row.
 *
 * <p>Usage: {@code JmhFigures <jmh.json> <rows.jsonl> <command> [<benchmark classes that ran,
 * comma-separated>]}
 */
public final class JmhFigures {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A figure: {@code metric} null means the primary score; {@code target} (may be null) is the
   * component issue's target, an upper bound in {@code unit}.
   */
  record Figure(
      String name,
      String benchmark,
      String metric,
      double scale,
      String unit,
      String note,
      Double target) {
    Figure(String name, String benchmark, String metric, double scale, String unit, String note) {
      this(name, benchmark, metric, scale, unit, note, null);
    }

    String noteFor(double median) {
      if (target == null) {
        return note;
      }
      String verdict =
          median <= target
              ? "meets the target <= " + Report.number(target) + " " + unit
              : "MISSES the target <= "
                  + Report.number(target)
                  + " "
                  + unit
                  + "; the wall-clock read every hit makes "
                  + "(wallClockRead) is the floor under it";
      return note.isEmpty() ? verdict : note + "; " + verdict;
    }
  }

  static final List<Figure> FIGURES =
      List.of(
          new Figure(
              "shipper throughput: log text decoded+parsed+serialized (1 thread)",
              "ShipperThroughputBenchmark.decodeParseSerialize",
              "logTextBytes",
              1e-6,
              "MB/s",
              ""),
          new Figure(
              "shipper throughput: events (1 thread)",
              "ShipperThroughputBenchmark.decodeParseSerialize",
              "events",
              1,
              "events/s",
              ""),
          new Figure(
              "shipper: peak heap shipping a 1 MB compressed payload (-Xmx24m, stub cluster)",
              "ShipperHeapBenchmark.ship1MbCompressedPayload",
              "peakHeapMB",
              1,
              "MB",
              ""),
          new Figure(
              "shipper: time to ship a 1 MB compressed payload (-Xmx24m, stub cluster)",
              "ShipperHeapBenchmark.ship1MbCompressedPayload",
              null,
              1,
              "ms",
              ""),
          new Figure(
              "metrics: MONITORING lines aggregated and batched (1 thread)",
              "MetricsAggregationBenchmark.aggregate",
              null,
              1,
              "lines/s",
              ""),
          new Figure(
              "correlation: capture+clear per invocation (5 IDs)",
              "CaptureBenchmark.captureAndClear",
              null,
              1,
              "ns",
              ""),
          new Figure(
              "correlation: forward, header map",
              "HeaderInjectionBenchmark.httpHeaders",
              null,
              1,
              "ns",
              ""),
          new Figure(
              "correlation: forward, OkHttp call with interceptor (no network)",
              "HeaderInjectionBenchmark.okHttpCallWithInterceptor",
              null,
              1,
              "ns",
              ""),
          new Figure(
              "correlation: forward, OkHttp call without interceptor (no network)",
              "HeaderInjectionBenchmark.okHttpCallWithoutInterceptor",
              null,
              1,
              "ns",
              ""),
          new Figure(
              "config client: cache hit",
              "ConfigClientBenchmark.cacheHit",
              null,
              1,
              "ns",
              "",
              100.0),
          new Figure(
              "config client: wall-clock read (floor under a cache hit)",
              "ConfigClientBenchmark.wallClockRead",
              null,
              1,
              "ns",
              ""),
          new Figure(
              "config client: conditional refresh (304, loopback)",
              "ConfigClientBenchmark.conditionalRefresh",
              null,
              1,
              "us",
              ""),
          new Figure(
              "config client: full fetch (200, 1 KiB value, loopback)",
              "ConfigClientBenchmark.fullFetch",
              null,
              1,
              "us",
              ""));

  private JmhFigures() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      throw new IllegalArgumentException(
          "usage: JmhFigures <jmh.json> <rows.jsonl> <command> [classes that ran]");
    }
    Path jmh = Path.of(args[0]);
    JsonNode results =
        Files.exists(jmh) && Files.size(jmh) > 0
            ? JSON.readTree(jmh.toFile())
            : JSON.createArrayNode();
    List<String> ran = args.length > 3 ? List.of(args[3].split(",")) : List.of();
    Row.append(Path.of(args[1]), rows(results, ran, args[2]));
  }

  static List<Row> rows(JsonNode results, List<String> ran, String command) {
    List<Row> rows = new ArrayList<>();
    for (Figure figure : FIGURES) {
      String benchmarkClass = figure.benchmark().substring(0, figure.benchmark().indexOf('.'));
      String why =
          ran.contains(benchmarkClass)
              ? figure.benchmark() + " did not finish (see bench/target/run/jmh.log)"
              : benchmarkClass + " is not in this build";
      rows.add(
          samples(results, figure)
              .map(
                  samples ->
                      Row.of(
                          figure.name(),
                          figure.unit(),
                          samples,
                          false,
                          figure.noteFor(Stats.median(samples)),
                          command))
              .orElseGet(() -> Row.missing(figure.name(), figure.unit(), why, command)));
    }
    rows.add(
        difference(
            rows,
            "correlation: forward, interceptor cost per OkHttp call (with - without)",
            "correlation: forward, OkHttp call with interceptor (no network)",
            "correlation: forward, OkHttp call without interceptor (no network)",
            "ns",
            command));
    rows.add(
        ratio(
            rows,
            "config client: full fetch / conditional refresh",
            "config client: full fetch (200, 1 KiB value, loopback)",
            "config client: conditional refresh (304, loopback)",
            command));
    return rows;
  }

  static Optional<List<Double>> samples(JsonNode results, Figure figure) {
    for (JsonNode result : results) {
      if (!result.path("benchmark").asText().endsWith("." + figure.benchmark())) {
        continue;
      }
      JsonNode metric =
          figure.metric() == null
              ? result.path("primaryMetric")
              : result.path("secondaryMetrics").path(figure.metric());
      List<Double> samples = new ArrayList<>();
      metric
          .path("rawData")
          .forEach(fork -> fork.forEach(score -> samples.add(score.asDouble() * figure.scale())));
      return samples.isEmpty() ? Optional.empty() : Optional.of(samples);
    }
    return Optional.empty();
  }

  private static Row difference(
      List<Row> rows, String name, String a, String b, String unit, String command) {
    Row x = find(rows, a);
    Row y = find(rows, b);
    if (x.median() == null || y.median() == null) {
      return Row.missing(name, unit, "needs both '" + a + "' and '" + b + "'", command);
    }
    return new Row(
        name,
        unit,
        x.median() - y.median(),
        null,
        Math.min(x.runs(), y.runs()),
        null,
        null,
        "difference of the two medians; spread: see both rows",
        command);
  }

  private static Row ratio(List<Row> rows, String name, String a, String b, String command) {
    Row x = find(rows, a);
    Row y = find(rows, b);
    if (x.median() == null || y.median() == null) {
      return Row.missing(name, "x", "needs both '" + a + "' and '" + b + "'", command);
    }
    return new Row(
        name,
        "x",
        x.median() / y.median(),
        null,
        Math.min(x.runs(), y.runs()),
        null,
        null,
        "ratio of the two medians; spread: see both rows",
        command);
  }

  private static Row find(List<Row> rows, String name) {
    return rows.stream().filter(row -> row.name().equals(name)).findFirst().orElseThrow();
  }
}
