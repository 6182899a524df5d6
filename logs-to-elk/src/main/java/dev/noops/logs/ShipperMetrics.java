package dev.noops.logs;

import dev.noops.metrics.MonitoringLine;
import java.time.Instant;
import java.util.Map;

/**
 * The shipper's own counts as metrics, through the same listener as MONITORING lines (so they are
 * published only after a successful delivery): {@code noops-shipper-dropped} and {@code
 * noops-shipper-redacted} (tag {@code rule}) and {@code noops-shipper-untagged-routes}, all counts,
 * only when non-zero.
 */
final class ShipperMetrics {
  static final String GROUP = "noops-shipper";

  private ShipperMetrics() {}

  static void emit(ShipReport report, MetricLineListener metrics) {
    Instant now = Instant.now();
    if (report.dropped() > 0) {
      metrics.onMetricLine(
          GROUP,
          new MonitoringLine(now, report.dropped(), "count", "noops-shipper-dropped", Map.of()));
    }
    if (report.untaggedRoutes() > 0) {
      metrics.onMetricLine(
          GROUP,
          new MonitoringLine(
              now, report.untaggedRoutes(), "count", "noops-shipper-untagged-routes", Map.of()));
    }
    report
        .redactions()
        .forEach(
            (rule, count) ->
                metrics.onMetricLine(
                    GROUP,
                    new MonitoringLine(
                        now, count, "count", "noops-shipper-redacted", Map.of("rule", rule))));
  }
}
