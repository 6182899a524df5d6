package dev.noops.metrics;

/**
 * A message holds a {@code MONITORING|} line that does not follow the grammar. The message names
 * the bad field and why, never the whole log line.
 */
public final class MalformedMonitoringLineException extends MetricsException {
  private static final long serialVersionUID = 1L;

  MalformedMonitoringLineException(String reason) {
    super(reason);
  }
}
