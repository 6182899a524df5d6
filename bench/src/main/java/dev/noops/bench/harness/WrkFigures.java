package dev.noops.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the {@code NOOPS_WRK ...} lines that {@code bench/wrk/config-get.lua} prints (one per wrk
 * run) into rows: GET latency p50 (median of the runs' p50s, spread of them) and p99 (median of the
 * runs' p99s) at an approximate fixed rate, the rate reached, and the unthrottled throughput.
 *
 * <p>Usage: {@code WrkFigures <rows.jsonl> <paced-runs.txt> <unthrottled-runs.txt> <target-rps>
 * <command>}
 */
public final class WrkFigures {
  private WrkFigures() {}

  public static void main(String[] args) throws IOException {
    Path rows = Path.of(args[0]);
    List<Map<String, Double>> paced = runs(Path.of(args[1]));
    List<Map<String, Double>> open = runs(Path.of(args[2]));
    String target = args[3];
    String command = args[4];
    String base = "config local API (./noops local --in-memory): GET ";
    List<Row> result = new ArrayList<>();
    if (paced.isEmpty()) {
      result.add(
          Row.missing(
              base + "latency at ~" + target + " req/s",
              "ms",
              "no wrk run finished (is 'noops local' in this build?)",
              command));
    } else {
      List<Double> p50 = values(paced, "p50_us", 1e-3);
      List<Double> p99 = values(paced, "p99_us", 1e-3);
      long errors =
          Math.round(values(paced, "errors", 1).stream().mapToDouble(Double::doubleValue).sum());
      String note =
          "wrk closed loop with a per-connection pause (no fixed-rate mode in Debian's wrk; not corrected for"
              + " coordinated omission); p99 = median of the runs' p99s ("
              + fmt(p99)
              + " ms); "
              + errors
              + " errors";
      result.add(
          new Row(
              base + "latency at ~" + target + " req/s (p50, p99)",
              "ms",
              Stats.median(p50),
              Stats.median(p99),
              p50.size(),
              Stats.min(p50),
              Stats.max(p50),
              note,
              command));
      result.add(
          Row.of(
              base + "rate reached by the paced runs",
              "req/s",
              values(paced, "rps", 1),
              false,
              "",
              command));
    }
    if (open.isEmpty()) {
      result.add(
          Row.missing(base + "throughput, no pause", "req/s", "no wrk run finished", command));
    } else {
      List<Double> p99 = values(open, "p99_us", 1e-3);
      result.add(
          Row.of(
              base + "throughput, no pause",
              "req/s",
              values(open, "rps", 1),
              false,
              "p50 " + fmt(values(open, "p50_us", 1e-3)) + " ms, p99 " + fmt(p99) + " ms per run",
              command));
    }
    Row.append(rows, result);
  }

  private static List<Map<String, Double>> runs(Path file) throws IOException {
    List<Map<String, Double>> runs = new ArrayList<>();
    if (!Files.exists(file)) {
      return runs;
    }
    for (String line : Files.readAllLines(file)) {
      if (!line.startsWith("NOOPS_WRK ")) {
        continue;
      }
      Map<String, Double> run = new HashMap<>();
      for (String pair : line.substring("NOOPS_WRK ".length()).trim().split("\\s+", -1)) {
        String[] kv = pair.split("=", 2);
        run.put(kv[0], Double.parseDouble(kv[1]));
      }
      runs.add(run);
    }
    return runs;
  }

  private static List<Double> values(List<Map<String, Double>> runs, String key, double scale) {
    return runs.stream().map(run -> run.getOrDefault(key, Double.NaN) * scale).toList();
  }

  private static String fmt(List<Double> values) {
    return String.join(", ", values.stream().map(Report::number).toList());
  }
}
