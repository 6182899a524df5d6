package dev.noops.metrics;

/** The unchecked exception family of metrics-from-logs. */
public sealed class MetricsException extends RuntimeException
    permits MalformedMonitoringLineException {
  private static final long serialVersionUID = 1L;

  MetricsException(String message) {
    super(message);
  }

  MetricsException(String message, Throwable cause) {
    super(message, cause);
  }
}
