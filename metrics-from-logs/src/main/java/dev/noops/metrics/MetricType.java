package dev.noops.metrics;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The types a MONITORING line may name, with the CloudWatch unit each maps to. {@code count} is
 * summed per period; every other type keeps its distribution (CloudWatch {@code Values}/{@code
 * Counts}). The grammar also reads {@code ms} and {@code timer} as {@link #MILLISECONDS}, and any
 * type in any case.
 */
public enum MetricType {
  COUNT("count", "Count"),
  GAUGE("gauge", "None"),
  HISTOGRAM("histogram", "None"),
  DISTRIBUTION("distribution", "None"),
  LATENCY("latency", "Milliseconds"),
  MILLISECONDS("milliseconds", "Milliseconds"),
  MICROSECONDS("microseconds", "Microseconds"),
  SECONDS("seconds", "Seconds"),
  BYTES("bytes", "Bytes"),
  KILOBYTES("kilobytes", "Kilobytes"),
  MEGABYTES("megabytes", "Megabytes"),
  PERCENT("percent", "Percent");

  private static final Map<String, MetricType> BY_NAME = index();

  private final String wireName;
  private final String unit;

  MetricType(String wireName, String unit) {
    this.wireName = wireName;
    this.unit = unit;
  }

  /** The type as written in a MONITORING line, e.g. {@code count}. */
  public String wireName() {
    return wireName;
  }

  /** The CloudWatch {@code StandardUnit} name, e.g. {@code Count}. */
  public String unit() {
    return unit;
  }

  boolean summed() {
    return this == COUNT;
  }

  /** The first type with {@code unit}: {@code distribution} for None, which keeps every sample. */
  static MetricType forUnit(String unit) {
    if (unit.equals("None")) {
      return DISTRIBUTION;
    }
    for (MetricType type : values()) {
      if (type.unit.equals(unit)) {
        return type;
      }
    }
    return DISTRIBUTION;
  }

  static Optional<MetricType> of(String wireName) {
    MetricType exact = BY_NAME.get(wireName);
    return exact != null
        ? Optional.of(exact)
        : Optional.ofNullable(BY_NAME.get(wireName.toLowerCase(Locale.ROOT)));
  }

  private static Map<String, MetricType> index() {
    Map<String, MetricType> index = new java.util.HashMap<>();
    for (MetricType type : values()) {
      index.put(type.wireName, type);
    }
    index.put("ms", MILLISECONDS);
    index.put("timer", MILLISECONDS);
    return Map.copyOf(index);
  }
}
