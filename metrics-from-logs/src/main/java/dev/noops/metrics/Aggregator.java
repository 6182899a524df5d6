package dev.noops.metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds samples into one cell per (namespace, name, dimensions, unit, period): counts are summed,
 * every other type keeps how often each distinct value was seen. Not thread-safe: one per
 * invocation.
 */
final class Aggregator {
  private final Map<Key, Cell> cells = new LinkedHashMap<>();
  private int unpublishable;

  void add(
      String namespace,
      String name,
      Map<String, String> dimensions,
      MetricType type,
      Instant periodStart,
      int storageResolution,
      double value) {
    Key key =
        new Key(
            namespace,
            name,
            dimensions,
            type.unit(),
            type.summed(),
            type == MetricType.GAUGE,
            periodStart,
            storageResolution);
    cells.computeIfAbsent(key, k -> new Cell()).add(key.summed, value);
  }

  boolean isEmpty() {
    return cells.isEmpty();
  }

  /**
   * The datums grouped by namespace, in first-seen order; distributions split into chunks of 150
   * values. A sum CloudWatch would reject (beyond 2^360 or infinite) is left out and counted in
   * {@link #unpublishable()}, so it never costs the request the other datums travel in.
   */
  Map<String, List<MetricDatum>> data() {
    Map<String, List<MetricDatum>> byNamespace = new LinkedHashMap<>();
    unpublishable = 0;
    cells.forEach(
        (key, cell) -> {
          if (key.summed && LineGrammar.checkValue(cell.publishableSum()) != null) {
            unpublishable++;
            return;
          }
          cell.toData(key, byNamespace.computeIfAbsent(key.namespace, n -> new ArrayList<>()));
        });
    byNamespace.values().removeIf(List::isEmpty);
    return byNamespace;
  }

  /** Datums the last {@link #data()} left out because CloudWatch would reject their sum. */
  int unpublishable() {
    return unpublishable;
  }

  /**
   * {@code statistics}: a gauge's percentiles are not wanted, so a statistic set replaces 3+
   * distinct values.
   */
  private record Key(
      String namespace,
      String name,
      Map<String, String> dimensions,
      String unit,
      boolean summed,
      boolean statistics,
      Instant periodStart,
      int storageResolution) {}

  private static final class Cell {
    private double sum;
    private Map<Double, double[]> counts;

    void add(boolean summed, double value) {
      if (summed) {
        sum += value;
        return;
      }
      if (counts == null) {
        counts = new HashMap<>();
      }
      // + 0.0 folds -0.0 into 0.0, which Double.equals would keep apart
      counts.computeIfAbsent(value + 0.0, v -> new double[1])[0]++;
    }

    /** The sum, with a magnitude below CloudWatch's smallest (a near-cancellation) rounded to 0. */
    double publishableSum() {
      return Math.abs(sum) < LineGrammar.MIN_MAGNITUDE ? 0.0 : sum;
    }

    void toData(Key key, List<MetricDatum> out) {
      if (key.summed) {
        out.add(
            new MetricDatum(
                key.name,
                key.dimensions,
                key.periodStart,
                key.unit,
                key.storageResolution,
                publishableSum(),
                List.of(),
                List.of()));
        return;
      }
      if (key.statistics && counts.size() > 2) {
        MetricDatum.Statistics statistics = statistics();
        if (LineGrammar.checkValue(statistics.sum()) == null) {
          out.add(
              new MetricDatum(
                  key.name,
                  key.dimensions,
                  key.periodStart,
                  key.unit,
                  key.storageResolution,
                  null,
                  List.of(),
                  List.of(),
                  statistics));
          return;
        }
      }
      List<Double> values = new ArrayList<>(MetricDatum.MAX_VALUES);
      List<Double> sampleCounts = new ArrayList<>(MetricDatum.MAX_VALUES);
      for (Map.Entry<Double, double[]> entry : counts.entrySet()) {
        values.add(entry.getKey());
        sampleCounts.add(entry.getValue()[0]);
        if (values.size() == MetricDatum.MAX_VALUES) {
          out.add(distribution(key, values, sampleCounts));
          values.clear();
          sampleCounts.clear();
        }
      }
      if (!values.isEmpty()) {
        out.add(distribution(key, values, sampleCounts));
      }
    }

    private MetricDatum.Statistics statistics() {
      double samples = 0;
      double total = 0;
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (Map.Entry<Double, double[]> entry : counts.entrySet()) {
        samples += entry.getValue()[0];
        total += entry.getKey() * entry.getValue()[0];
        min = Math.min(min, entry.getKey());
        max = Math.max(max, entry.getKey());
      }
      return new MetricDatum.Statistics(
          samples, Math.abs(total) < LineGrammar.MIN_MAGNITUDE ? 0.0 : total, min, max);
    }

    private static MetricDatum distribution(Key key, List<Double> values, List<Double> counts) {
      return new MetricDatum(
          key.name,
          key.dimensions,
          key.periodStart,
          key.unit,
          key.storageResolution,
          null,
          values,
          counts);
    }
  }
}
