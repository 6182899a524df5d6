package dev.noops.metrics;

import java.time.Instant;
import java.util.List;

/**
 * Sends {@code PutMetricData}-shaped batches somewhere: CloudWatch ({@link CloudWatchPublisher}),
 * stdout as Embedded Metric Format ({@link EmfPublisher}), or anything else (the CLI's dry run).
 */
@FunctionalInterface
interface MetricPublisher {
  /**
   * Sends {@code batches} in order, giving up on what is left when {@code deadline} passes. Never
   * throws for a failed send: the result says which batches did not go.
   */
  PublishResult publish(List<MetricBatch> batches, Instant deadline);

  /**
   * Builds what {@link #publish} will need (clients, connections' configuration) without sending
   * anything: a SnapStart priming hook calls it before the snapshot. Does nothing by default.
   */
  default void prime() {}
}
