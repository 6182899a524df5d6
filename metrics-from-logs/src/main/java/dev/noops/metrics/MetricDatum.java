package dev.noops.metrics;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One CloudWatch {@code MetricDatum}: either a single {@code value} (counts, summed over the period)
 * or the distribution {@code values} with their {@code counts} (at most 150 distinct values).
 *
 * @param metricName the metric name
 * @param dimensions dimension name to value, at most 30, sorted by name
 * @param timestamp the start of the period the datum aggregates
 * @param unit a CloudWatch {@code StandardUnit} name
 * @param storageResolution 60 (standard) or 1 (high resolution)
 * @param value the single value, or {@code null} when {@code values} is used
 * @param values distinct values, empty when {@code value} is used
 * @param counts how many times each of {@code values} was seen, same length
 */
record MetricDatum(String metricName, Map<String, String> dimensions, Instant timestamp, String unit,
    int storageResolution, Double value, List<Double> values, List<Double> counts) {
  /** CloudWatch's limit of distinct values per datum. */
  public static final int MAX_VALUES = 150;

  /** Checks the shape: exactly one of value and values, matching counts, at most 150 values. */
  public MetricDatum {
    Objects.requireNonNull(metricName, "metricName == null");
    Objects.requireNonNull(timestamp, "timestamp == null");
    Objects.requireNonNull(unit, "unit == null");
    dimensions = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(dimensions, "dimensions == null")));
    values = List.copyOf(Objects.requireNonNull(values, "values == null"));
    counts = List.copyOf(Objects.requireNonNull(counts, "counts == null"));
    if ((value == null) == values.isEmpty() || values.size() != counts.size() || values.size() > MAX_VALUES) {
      throw new IllegalArgumentException("a datum has one value or 1 to " + MAX_VALUES
          + " values with as many counts: " + metricName);
    }
  }

  /** The number of samples this datum stands for (1 for a single value). */
  public double sampleCount() {
    return value != null ? 1 : counts.stream().mapToDouble(Double::doubleValue).sum();
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
