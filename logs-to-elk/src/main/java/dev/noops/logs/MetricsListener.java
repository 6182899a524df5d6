package dev.noops.logs;

import dev.noops.metrics.MalformedMonitoringLineException;
import dev.noops.metrics.MetricsFromLogs;
import dev.noops.metrics.MetricsInvocation;
import dev.noops.metrics.MonitoringLine;
import dev.noops.metrics.PublishReport;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects the MONITORING lines one invocation ships and publishes them as CloudWatch metrics once
 * the documents are indexed (metrics-from-logs aggregates them first). Publishing only after a
 * successful delivery means a retried invocation does not count its lines twice. One per execution
 * environment; invocations of one environment never overlap.
 */
final class MetricsListener implements MetricLineListener {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsListener.class);

  /**
   * The most time publishing may take by default: inside the shipper's safety margin, whatever the
   * invocation has left.
   */
  static final Duration PUBLISH_BUDGET = Duration.ofMillis(2500);

  private final MetricsFromLogs metrics;
  private final Duration budget;
  private MetricsInvocation invocation;

  MetricsListener(MetricsFromLogs metrics) {
    this(metrics, PUBLISH_BUDGET);
  }

  MetricsListener(MetricsFromLogs metrics, Duration budget) {
    this.metrics = Objects.requireNonNull(metrics, "metrics == null");
    this.budget = Objects.requireNonNull(budget, "budget == null");
  }

  /**
   * From {@code NOOPS_METRICS_*} (see metrics-from-logs) and {@code
   * NOOPS_METRICS_PUBLISH_BUDGET_MS} (default 2500); the CloudWatch client is built once, when
   * first needed.
   */
  static MetricsListener fromEnvironment(Map<String, String> env) {
    Duration budget = PUBLISH_BUDGET;
    String value = env.get("NOOPS_METRICS_PUBLISH_BUDGET_MS");
    if (value != null && !value.isBlank()) {
      try {
        budget = Duration.ofMillis(Long.parseLong(value.strip()));
      } catch (NumberFormatException e) {
        throw new ConfigException(
            "NOOPS_METRICS_PUBLISH_BUDGET_MS must be a number of milliseconds: " + value.strip());
      }
      if (budget.isNegative() || budget.isZero()) {
        throw new ConfigException(
            "NOOPS_METRICS_PUBLISH_BUDGET_MS must be positive: " + value.strip());
      }
    }
    try {
      return new MetricsListener(MetricsFromLogs.fromEnvironment(env).build(), budget);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  @Override
  public void onMetricLine(String logGroup, MonitoringLine line) {
    current().add(logGroup, line);
  }

  @Override
  public void onMalformedLine(String logGroup, MalformedMonitoringLineException error) {
    current().malformed(logGroup, error);
  }

  /**
   * Publishes what this invocation collected within its budget (or less, when the invocation ends
   * sooner); never throws for a failed send.
   *
   * @return the number of datums not published (their lines are indexed as documents all the same)
   */
  int publish(Instant invocationDeadline) {
    MetricsInvocation collected = invocation;
    invocation = null;
    if (collected == null) {
      return 0;
    }
    Instant end = Instant.now().plus(budget);
    PublishReport report =
        collected.publish(end.isBefore(invocationDeadline) ? end : invocationDeadline);
    if (report.clean()) {
      LOG.info("published metrics from {} MONITORING lines", report.lines());
    } else if (report.failedDatums() > 0) {
      LOG.warn(
          "{} metric datum(s) from {} MONITORING lines not published; the lines are indexed as"
              + " documents: {}",
          report.failedDatums(),
          report.lines(),
          report);
    } else {
      LOG.warn("metrics from MONITORING lines: {}", report);
    }
    return report.failedDatums();
  }

  /**
   * Builds the CloudWatch client without publishing (SnapStart priming; otherwise it is built on
   * first publish).
   */
  void prime() {
    metrics.prime();
  }

  /**
   * Forgets what this invocation collected (its delivery failed; the retry hands the lines again).
   */
  void discard() {
    invocation = null;
  }

  private MetricsInvocation current() {
    if (invocation == null) {
      invocation = metrics.newInvocation();
    }
    return invocation;
  }
}
