package dev.noops.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One invocation's worth of log events turned into metrics: feed it every event with {@link
 * #accept}, then {@link #publish} once. Not thread-safe; create one per invocation with {@link
 * MetricsFromLogs#newInvocation()}.
 */
public final class MetricsInvocation {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsInvocation.class);
  static final String MALFORMED_METRIC = "MalformedMonitoringLines";
  static final String OUT_OF_WINDOW_METRIC = "OutOfWindowMonitoringLines";
  static final String REJECTED_METRIC = "RejectedMonitoringLines";
  static final String LAMBDA_NAMESPACE = "noops/lambda";
  private static final Duration PAST = Duration.ofDays(14);
  private static final Duration FUTURE = Duration.ofHours(2);

  private final MetricsFromLogs config;
  private final Aggregator aggregator = new Aggregator();
  private final Map<String, int[]> malformedByFunction = new LinkedHashMap<>();
  private final Map<String, int[]> outOfWindowByFunction = new LinkedHashMap<>();
  private final Map<String, int[]> rejectedByFunction = new LinkedHashMap<>();
  private int lines;
  private int malformed;
  private int outOfWindow;
  private int rejected;
  private int droppedTags;
  private int emptyTagValues;
  private int transliterated;
  private String malformedExample;
  private String rejectedExample;

  MetricsInvocation(MetricsFromLogs config) {
    this.config = config;
  }

  /**
   * Reads one log event: a MONITORING line in it is aggregated, a malformed one is counted, and
   * with REPORT metrics on, a {@code REPORT} line (text, or {@code platform.report} / {@code
   * platform.initReport} in Lambda's JSON log format) adds the function's platform metrics.
   *
   * @param logGroup the event's log group ({@code /aws/lambda/<name>} gives the FunctionName
   *     dimension)
   * @param message the event's message
   * @param eventTimestamp the event's CloudWatch timestamp (used for REPORT metrics)
   * @return the well-formed MONITORING line the message held, if any (also when dropped for its
   *     timestamp)
   */
  public Optional<MonitoringLine> accept(String logGroup, String message, Instant eventTimestamp) {
    Objects.requireNonNull(message, "message == null");
    Objects.requireNonNull(eventTimestamp, "eventTimestamp == null");
    Optional<MonitoringLine> line;
    try {
      line = MonitoringLine.find(message);
    } catch (MalformedMonitoringLineException e) {
      malformed(logGroup, e);
      return Optional.empty();
    }
    line.ifPresent(found -> add(logGroup, found));
    if (line.isEmpty() && config.reportMetrics()) {
      ReportLine.parse(message).ifPresent(report -> addReport(logGroup, report, eventTimestamp));
    }
    return line;
  }

  /**
   * Aggregates a line already found; false when it was left out: its timestamp is outside the
   * window, or CloudWatch would reject it (both counted).
   */
  public boolean add(String logGroup, MonitoringLine line) {
    String functionName = Dimensions.functionName(logGroup);
    if (!inWindow(line.timestamp())) {
      outOfWindow++;
      outOfWindowByFunction.computeIfAbsent(functionName, f -> new int[1])[0]++;
      return false;
    }
    String name = Ascii.fold(line.name());
    Dimensions dimensions =
        Dimensions.of(functionName, config.functionNameDimension(), line.tags());
    String rejection =
        name == null
            ? "metric name "
                + LineGrammar.shorten(line.name())
                + " has a character CloudWatch cannot take (ASCII only)"
            : dimensions.rejection();
    if (rejection != null) {
      reject(functionName, rejection + " (logGroup=" + logGroup + ")");
      return false;
    }
    if ((dimensions.droppedTags() > 0 && droppedTags == 0)
        || (dimensions.emptyValues() > 0 && emptyTagValues == 0)) {
      LOG.warn(
          "metric {}: {} tag(s) with an empty value and {} tag(s) beyond {} dimensions, overriding"
              + " FunctionName or with a bad {} dropped as dimensions; the metric is kept"
              + " (logGroup={})",
          name,
          dimensions.emptyValues(),
          dimensions.droppedTags(),
          Dimensions.MAX,
          Dimensions.FUNCTION_NAME_TAG,
          logGroup);
    }
    droppedTags += dimensions.droppedTags();
    emptyTagValues += dimensions.emptyValues();
    transliterated += dimensions.transliterated() + (name.equals(line.name()) ? 0 : 1);
    lines++;
    record(
        config.namespace(),
        name,
        dimensions.dimensions(),
        line.metricType(),
        line.timestamp(),
        line.value());
    if (config.rollup() && dimensions.dimensions().containsKey(Dimensions.FUNCTION_NAME)) {
      record(
          config.namespace(),
          name,
          dimensions.withoutFunctionName(),
          line.metricType(),
          line.timestamp(),
          line.value());
    }
    return true;
  }

  /**
   * Counts a malformed line the caller found itself; only the first of an invocation is kept as the
   * example.
   */
  public void malformed(String logGroup, MalformedMonitoringLineException error) {
    malformed++;
    malformedByFunction.computeIfAbsent(Dimensions.functionName(logGroup), f -> new int[1])[0]++;
    if (malformedExample == null) {
      malformedExample = error.getMessage() + " (logGroup=" + logGroup + ")";
    }
  }

  /** Publishes everything aggregated so far, giving up on what is left at {@code deadline}. */
  public PublishReport publish(Instant deadline) {
    return publishWithResult(deadline).report();
  }

  /**
   * Publishes with the configured default timeout from now (wall-clock time, whatever the
   * configured clock).
   */
  public PublishReport publish() {
    return publish(Instant.now().plus(config.defaultTimeout()));
  }

  /** What {@link #publish(Instant)} reports, with the batches behind it. */
  record Published(PublishReport report, PublishResult result) {}

  Published publishWithResult() {
    return publishWithResult(Instant.now().plus(config.defaultTimeout()));
  }

  Published publishWithResult(Instant deadline) {
    Objects.requireNonNull(deadline, "deadline == null");
    Instant now = config.clock().instant();
    addCounter(MALFORMED_METRIC, malformedByFunction, now);
    addCounter(OUT_OF_WINDOW_METRIC, outOfWindowByFunction, now);
    addCounter(REJECTED_METRIC, rejectedByFunction, now);
    if (malformed > 0) {
      LOG.warn(
          "{} malformed MONITORING line(s) in this invocation; first: {}",
          malformed,
          malformedExample);
    }
    if (outOfWindow > 0) {
      LOG.warn(
          "{} MONITORING line(s) dropped: timestamp outside [now - 14 days, now + 2 hours]",
          outOfWindow);
    }
    List<MetricBatch> batches = Batcher.batches(aggregator.data());
    int unpublishable = aggregator.unpublishable();
    if (unpublishable > 0) {
      LOG.warn(
          "{} datum(s) left out: their sum is beyond what CloudWatch accepts (2^360)",
          unpublishable);
    }
    if (rejected > 0) {
      LOG.warn(
          "{} MONITORING line(s) CloudWatch would reject were left out; first: {}",
          rejected,
          rejectedExample);
    }
    PublishResult result =
        batches.isEmpty()
            ? PublishResult.allPublished(List.of())
            : config.publisher().publish(batches, deadline);
    if (!result.complete()) {
      LOG.warn(
          "{} datum(s) not published ({} rejected, {} unsent batch(es))",
          result.failedDatums(),
          result.rejected().size(),
          result.unsent().size());
    }
    PublishReport report =
        new PublishReport(
            lines,
            malformed,
            outOfWindow,
            rejected + unpublishable,
            droppedTags,
            emptyTagValues,
            transliterated,
            result.publishedDatums(),
            result.failedDatums());
    return new Published(report, result);
  }

  private void reject(String functionName, String why) {
    rejected++;
    rejectedByFunction.computeIfAbsent(functionName, f -> new int[1])[0]++;
    if (rejectedExample == null) {
      rejectedExample = why;
    }
  }

  private void addReport(String logGroup, ReportLine report, Instant timestamp) {
    String functionName = Dimensions.functionName(logGroup);
    if (functionName == null || !inWindow(timestamp)) {
      return;
    }
    Map<String, String> dimensions = Map.of(Dimensions.FUNCTION_NAME, functionName);
    if (report.initOnly()) {
      record(LAMBDA_NAMESPACE, "InitReports", dimensions, MetricType.COUNT, timestamp, 1);
      record(
          LAMBDA_NAMESPACE,
          "InitFailures",
          dimensions,
          MetricType.COUNT,
          timestamp,
          report.status().equals("success") ? 0 : 1);
      record(
          LAMBDA_NAMESPACE,
          "InitPhaseDuration",
          dimensions,
          MetricType.MILLISECONDS,
          timestamp,
          report.durationMs());
      return;
    }
    record(LAMBDA_NAMESPACE, "Invocations", dimensions, MetricType.COUNT, timestamp, 1);
    record(
        LAMBDA_NAMESPACE,
        "ColdStarts",
        dimensions,
        MetricType.COUNT,
        timestamp,
        report.initDurationMs() != null ? 1 : 0);
    record(
        LAMBDA_NAMESPACE,
        "Timeouts",
        dimensions,
        MetricType.COUNT,
        timestamp,
        report.status().equals("timeout") ? 1 : 0);
    record(
        LAMBDA_NAMESPACE,
        "Errors",
        dimensions,
        MetricType.COUNT,
        timestamp,
        report.status().equals("error") || report.status().equals("failure") ? 1 : 0);
    record(
        LAMBDA_NAMESPACE,
        "Duration",
        dimensions,
        MetricType.MILLISECONDS,
        timestamp,
        report.durationMs());
    record(
        LAMBDA_NAMESPACE,
        "MaxMemoryUsedPercent",
        dimensions,
        MetricType.PERCENT,
        timestamp,
        Math.round(1000 * report.maxMemoryUsedMb() / report.memorySizeMb()) / 10.0);
    if (report.initDurationMs() != null) {
      record(
          LAMBDA_NAMESPACE,
          "InitDuration",
          dimensions,
          MetricType.MILLISECONDS,
          timestamp,
          report.initDurationMs());
    }
  }

  private void addCounter(String name, Map<String, int[]> byFunction, Instant now) {
    byFunction.forEach(
        (functionName, count) ->
            record(
                config.namespace(),
                name,
                Dimensions.of(functionName, Map.of()).dimensions(),
                MetricType.COUNT,
                now,
                count[0]));
    byFunction.clear();
  }

  // the one place values enter the aggregation: nothing CloudWatch would reject gets past it
  private void record(
      String namespace,
      String name,
      Map<String, String> dimensions,
      MetricType type,
      Instant timestamp,
      double value) {
    if (LineGrammar.checkValue(value) != null) {
      reject(
          dimensions.get(Dimensions.FUNCTION_NAME),
          LineGrammar.checkValue(value) + " (metric " + name + ")");
      return;
    }
    int resolution = config.highResolution() ? 1 : 60;
    long second = timestamp.getEpochSecond();
    Instant periodStart = Instant.ofEpochSecond(second - Math.floorMod(second, (long) resolution));
    aggregator.add(namespace, name, dimensions, type, periodStart, resolution, value);
  }

  private boolean inWindow(Instant timestamp) {
    Instant now = config.clock().instant();
    return !timestamp.isBefore(now.minus(PAST)) && !timestamp.isAfter(now.plus(FUTURE));
  }
}
