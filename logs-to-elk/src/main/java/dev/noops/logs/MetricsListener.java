package dev.noops.logs;

import dev.noops.metrics.MalformedMonitoringLineException;
import dev.noops.metrics.MetricsFromLogs;
import dev.noops.metrics.MetricsInvocation;
import dev.noops.metrics.MonitoringLine;
import dev.noops.metrics.PublishReport;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects the MONITORING lines one invocation ships and publishes them as CloudWatch metrics once
 * the documents are indexed (metrics-from-logs aggregates them first). Publishing only after a
 * successful delivery means a retried invocation does not count its lines twice.
 * One per execution environment; invocations of one environment never overlap.
 */
final class MetricsListener implements MetricLineListener {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsListener.class);

  private final MetricsFromLogs metrics;
  private MetricsInvocation invocation;

  MetricsListener(MetricsFromLogs metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics == null");
  }

  /** From {@code NOOPS_METRICS_*} (see metrics-from-logs); the CloudWatch client is built once, when first needed. */
  static MetricsListener fromEnvironment(Map<String, String> env) {
    try {
      return new MetricsListener(MetricsFromLogs.fromEnvironment(env).build());
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

  /** Publishes what this invocation collected, giving up at {@code deadline}; never throws for a failed send. */
  void publish(Instant deadline) {
    MetricsInvocation collected = invocation;
    invocation = null;
    if (collected == null) {
      return;
    }
    PublishReport report = collected.publish(deadline);
    if (report.clean()) {
      LOG.info("published metrics from {} MONITORING lines", report.lines());
    } else {
      LOG.warn("metrics from MONITORING lines: {}", report);
    }
  }

  /** Builds the CloudWatch client without publishing (SnapStart priming; otherwise it is built on first publish). */
  void prime() {
    metrics.prime();
  }

  /** Forgets what this invocation collected (its delivery failed; the retry hands the lines again). */
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
