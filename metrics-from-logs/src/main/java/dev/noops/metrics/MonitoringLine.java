package dev.noops.metrics;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code MONITORING|epoch|value|type|name[|#tag:value,...]} line (Datadog's legacy log-metric
 * format). The epoch is in seconds (fractional allowed) or milliseconds; the value is a finite
 * number CloudWatch accepts (0, or 2^-360 to 2^360 in magnitude); the type is a {@link MetricType};
 * tags become CloudWatch dimensions. As Datadog's format allows, {@code #} alone means no tags and
 * a tag may have an empty value ({@code source:} or {@code source}): such a tag is kept here and
 * dropped as a dimension (counted in {@link PublishReport#emptyTagValues()}).
 *
 * @param timestamp when the value was measured
 * @param value a finite number, negative allowed
 * @param type the type as written, lower case (e.g. "count", "latency")
 * @param name the metric name, 1 to 255 characters
 * @param tags tag name to value, in line order; names 1 to 255 characters, values 0 to 1024
 */
public record MonitoringLine(
    Instant timestamp, double value, String type, String name, Map<String, String> tags) {
  static final String PREFIX = "MONITORING|";

  /** Checks every field; throws {@link IllegalArgumentException} naming the bad one. */
  public MonitoringLine {
    Objects.requireNonNull(timestamp, "timestamp == null");
    Objects.requireNonNull(type, "type == null");
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(tags, "tags == null");
    String problem = LineGrammar.checkValue(value);
    problem = problem != null ? problem : LineGrammar.checkName(name);
    if (problem == null && MetricType.of(type).isEmpty()) {
      problem = "unknown type: " + LineGrammar.shorten(type);
    }
    if (problem == null) {
      for (Map.Entry<String, String> tag : tags.entrySet()) {
        problem = LineGrammar.checkTag(tag.getKey(), tag.getValue());
        if (problem != null) {
          break;
        }
      }
    }
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    type = MetricType.of(type).orElseThrow().wireName();
    tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
  }

  /**
   * Finds a MONITORING line in one log event's message: bare, after a runtime prefix (Node's {@code
   * "ts\treqId\tINFO\t"}, Python's {@code "[INFO]\tts\treqId\t"}, any text ending in a tab or
   * space), or as the {@code "message"} of a JSON log line. Only the first MONITORING line of a
   * multi-line message is read.
   *
   * @return empty when the message holds no {@code MONITORING|} line
   * @throws MalformedMonitoringLineException (unchecked, with a reason naming the bad field) when
   *     it holds one that is malformed
   */
  public static Optional<MonitoringLine> find(String message) {
    Objects.requireNonNull(message, "message == null");
    return LineGrammar.find(message, 0);
  }

  /** The CloudWatch unit for this line's type (e.g. "Count", "Milliseconds", "None"). */
  public String unit() {
    return metricType().unit();
  }

  /**
   * This line in the grammar {@link #find} reads, e.g. {@code
   * MONITORING|1489795335|27.4|latency|user-api-latency}.
   */
  public String toLine() {
    return LineGrammar.format(this);
  }

  /** This line's type. */
  public MetricType metricType() {
    return MetricType.of(type).orElseThrow();
  }
}
