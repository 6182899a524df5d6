package dev.noops.logs;

import dev.noops.metrics.MalformedMonitoringLineException;
import dev.noops.metrics.MonitoringLine;

/**
 * Where the shipper hands each MONITORING line it finds, so that metrics-from-logs can publish it
 * (the seam between log shipping and metrics publishing). Called on the invocation's thread, in log
 * order. A retried invocation hands the same lines again.
 */
public interface MetricLineListener {
  /** Ignores every line: the shipper only indexes them. */
  MetricLineListener NONE = (logGroup, line) -> {};

  /** A well-formed MONITORING line from {@code logGroup}. */
  void onMetricLine(String logGroup, MonitoringLine line);

  /**
   * A MONITORING line that does not follow the grammar; it is still indexed as an ordinary line.
   */
  default void onMalformedLine(String logGroup, MalformedMonitoringLineException error) {}

  /** The invocation has read all its input (called once, also when the invocation then fails). */
  default void onInvocationEnd() {}
}
