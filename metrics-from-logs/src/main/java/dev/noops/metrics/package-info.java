/**
 * MONITORING log lines to CloudWatch metrics. Entry points: {@link
 * dev.noops.metrics.MonitoringLine#find} (the grammar), {@link dev.noops.metrics.MetricsFromLogs}
 * (aggregation and publishing, for the log shipper), {@link dev.noops.metrics.Monitoring} (the
 * producer API for functions) and {@link dev.noops.metrics.DirectMetrics} (publishing directly
 * within a time budget).
 */
package dev.noops.metrics;
