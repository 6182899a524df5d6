package dev.noops.metrics;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One CloudWatch {@code MetricDatum}: a single {@code value} (counts, summed over the period), the
 * distribution {@code values} with their {@code counts} (at most 150 distinct values), or the
 * {@code statistics} of a gauge with more than two distinct values (four numbers instead of 2N).
 *
 * @param metricName the metric name
 * @param dimensions dimension name to value, at most 30, sorted by name
 * @param timestamp the start of the period the datum aggregates
 * @param unit a CloudWatch {@code StandardUnit} name
 * @param storageResolution 60 (standard) or 1 (high resolution)
 * @param value the single value, or {@code null} when {@code values} is used
 * @param values distinct values, empty when {@code value} is used
 * @param counts how many times each of {@code values} was seen, same length
 * @param statistics CloudWatch's {@code StatisticValues}, or null
 */
record MetricDatum(
    String metricName,
    Map<String, String> dimensions,
    Instant timestamp,
    String unit,
    int storageResolution,
    Double value,
    List<Double> values,
    List<Double> counts,
    Statistics statistics) {
  /** CloudWatch's {@code StatisticSet}: at least 3 samples (fewer are cheaper as values). */
  record Statistics(double sampleCount, double sum, double minimum, double maximum) {}

  /** CloudWatch's limit of distinct values per datum. */
  public static final int MAX_VALUES = 150;

  /** Checks the shape: exactly one of value and values, matching counts, at most 150 values. */
  public MetricDatum {
    Objects.requireNonNull(metricName, "metricName == null");
    Objects.requireNonNull(timestamp, "timestamp == null");
    Objects.requireNonNull(unit, "unit == null");
    dimensions =
        Collections.unmodifiableMap(
            new LinkedHashMap<>(Objects.requireNonNull(dimensions, "dimensions == null")));
    values = List.copyOf(Objects.requireNonNull(values, "values == null"));
    counts = List.copyOf(Objects.requireNonNull(counts, "counts == null"));
    int forms = (value != null ? 1 : 0) + (values.isEmpty() ? 0 : 1) + (statistics != null ? 1 : 0);
    if (forms != 1
        || values.size() != counts.size()
        || values.size() > MAX_VALUES
        || (statistics != null && statistics.sampleCount() < 3)) {
      throw new IllegalArgumentException(
          "a datum has one value, 1 to "
              + MAX_VALUES
              + " values with as many counts, or statistics of 3 or more samples: "
              + metricName);
    }
  }

  MetricDatum(
      String metricName,
      Map<String, String> dimensions,
      Instant timestamp,
      String unit,
      int storageResolution,
      Double value,
      List<Double> values,
      List<Double> counts) {
    this(metricName, dimensions, timestamp, unit, storageResolution, value, values, counts, null);
  }

  /** The number of samples this datum stands for (1 for a single value). */
  public double sampleCount() {
    return value != null
        ? 1
        : statistics != null
            ? statistics.sampleCount()
            : counts.stream().mapToDouble(Double::doubleValue).sum();
  }

  /**
   * Distinct values and their counts, for destinations without statistic sets (EMF, lines):
   * statistics become the minimum, the maximum and the mean of the rest, which keeps the count,
   * sum, minimum and maximum exact.
   */
  List<double[]> samples() {
    List<double[]> samples = new java.util.ArrayList<>();
    if (value != null) {
      samples.add(new double[] {value, 1});
    } else if (statistics != null) {
      double rest = statistics.sampleCount() - 2;
      samples.add(new double[] {statistics.minimum(), 1});
      samples.add(new double[] {statistics.maximum(), 1});
      samples.add(
          new double[] {
            (statistics.sum() - statistics.minimum() - statistics.maximum()) / rest, rest
          });
    } else {
      for (int i = 0; i < values.size(); i++) {
        samples.add(new double[] {values.get(i), counts.get(i)});
      }
    }
    return samples;
  }

  /** This datum as a JSON object with the {@code PutMetricData} API's field names. */
  public String toJson() {
    return appendJson(new StringBuilder(128)).toString();
  }

  StringBuilder appendJson(StringBuilder out) {
    out.append("{\"MetricName\":");
    Json.string(out, metricName).append(",\"Dimensions\":[");
    boolean first = true;
    for (Map.Entry<String, String> dimension : dimensions.entrySet()) {
      out.append(first ? "" : ",").append("{\"Name\":");
      Json.string(out, dimension.getKey()).append(",\"Value\":");
      Json.string(out, dimension.getValue()).append('}');
      first = false;
    }
    out.append("],\"Timestamp\":\"").append(timestamp).append('"');
    if (value != null) {
      Json.number(out.append(",\"Value\":"), value);
    } else if (statistics != null) {
      Json.number(out.append(",\"StatisticValues\":{\"SampleCount\":"), statistics.sampleCount());
      Json.number(out.append(",\"Sum\":"), statistics.sum());
      Json.number(out.append(",\"Minimum\":"), statistics.minimum());
      Json.number(out.append(",\"Maximum\":"), statistics.maximum()).append('}');
    } else {
      numbers(out.append(",\"Values\":"), values);
      numbers(out.append(",\"Counts\":"), counts);
    }
    out.append(",\"Unit\":");
    Json.string(out, unit);
    return out.append(",\"StorageResolution\":").append(storageResolution).append('}');
  }

  private static void numbers(StringBuilder out, List<Double> numbers) {
    out.append('[');
    for (int i = 0; i < numbers.size(); i++) {
      Json.number(out.append(i == 0 ? "" : ","), numbers.get(i));
    }
    out.append(']');
  }
}
