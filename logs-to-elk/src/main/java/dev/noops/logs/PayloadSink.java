package dev.noops.logs;

/** Receives what {@link PayloadDecoder} reads, one event at a time. */
interface PayloadSink {
  /** One log event of a DATA_MESSAGE payload. */
  void event(LogContext context, LogEvent event);

  /** A part of the input that is not a CloudWatch Logs payload. */
  void invalid(InvalidInput input);
}
