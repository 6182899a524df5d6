package dev.noops.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The producer API for functions: each call writes one well-formed MONITORING line to stdout, which
 * the log shipper turns into a CloudWatch metric later. No AWS SDK, no network, no latency on the
 * caller's path:
 *
 * <pre>{@code
 * Monitoring.count("yubls-served", 8);
 * Monitoring.latency("user-api-latency", 27.4, Map.of("country", "uk"));
 * }</pre>
 *
 * Off the critical path, {@link #sendTo} a {@link DirectMetrics} to publish with PutMetricData at
 * the end of the invocation instead. Invalid names, tags or non-finite values throw {@link
 * IllegalArgumentException} naming the problem. Thread-safe.
 */
public final class Monitoring {
  private static volatile Consumer<MonitoringLine> sink = Monitoring::printToStdout;

  private Monitoring() {}

  /**
   * Adds {@code value} to the counter {@code name} (type {@code count}, unit Count, summed per
   * period).
   */
  public static void count(String name, double value) {
    record(MetricType.COUNT, name, value, Map.of());
  }

  /** Adds {@code value} to the counter {@code name} with tags (CloudWatch dimensions). */
  public static void count(String name, double value, Map<String, String> tags) {
    record(MetricType.COUNT, name, value, tags);
  }

  /** Records a gauge sample (unit None). */
  public static void gauge(String name, double value) {
    record(MetricType.GAUGE, name, value, Map.of());
  }

  /** Records a gauge sample with tags. */
  public static void gauge(String name, double value, Map<String, String> tags) {
    record(MetricType.GAUGE, name, value, tags);
  }

  /** Records a histogram sample (unit None, distribution kept). */
  public static void histogram(String name, double value) {
    record(MetricType.HISTOGRAM, name, value, Map.of());
  }

  /** Records a histogram sample with tags. */
  public static void histogram(String name, double value, Map<String, String> tags) {
    record(MetricType.HISTOGRAM, name, value, tags);
  }

  /** Records a distribution sample (unit None, distribution kept). */
  public static void distribution(String name, double value) {
    record(MetricType.DISTRIBUTION, name, value, Map.of());
  }

  /** Records a distribution sample with tags. */
  public static void distribution(String name, double value, Map<String, String> tags) {
    record(MetricType.DISTRIBUTION, name, value, tags);
  }

  /** Records a latency in milliseconds (unit Milliseconds). */
  public static void latency(String name, double milliseconds) {
    record(MetricType.LATENCY, name, milliseconds, Map.of());
  }

  /** Records a latency in milliseconds with tags. */
  public static void latency(String name, double milliseconds, Map<String, String> tags) {
    record(MetricType.LATENCY, name, milliseconds, tags);
  }

  /** Records a latency (unit Milliseconds, fractional). */
  public static void latency(String name, Duration latency) {
    Objects.requireNonNull(latency, "latency == null");
    record(MetricType.LATENCY, name, latency.toNanos() / 1e6, Map.of());
  }

  /** Records a sample of any {@link MetricType} (seconds, bytes, percent, ...) with tags. */
  public static void record(MetricType type, String name, double value, Map<String, String> tags) {
    Objects.requireNonNull(type, "type == null");
    sink.accept(new MonitoringLine(Instant.now(), value, type.wireName(), name, tags));
  }

  /**
   * Sends every later call to {@code destination} (e.g. a {@link DirectMetrics}) instead of stdout.
   */
  public static void sendTo(Consumer<MonitoringLine> destination) {
    sink = Objects.requireNonNull(destination, "destination == null");
  }

  /** Goes back to writing MONITORING lines to stdout. */
  public static void writeToStdout() {
    sink = Monitoring::printToStdout;
  }

  private static void printToStdout(MonitoringLine line) {
    System.out.println(line.toLine());
  }
}
