package dev.noops.logs;

import java.util.Map;

/**
 * One parsed log event, in Elastic Common Schema terms; absent fields are null.
 *
 * @param json an application JSON log flattened to leaf paths (see {@link JsonFlattener})
 * @param coldStart whether the line belongs to an execution environment's first invocation (or its
 *     init)
 */
record LogDocument(
    LogContext context,
    LogEvent event,
    String message,
    String level,
    String action,
    String requestId,
    String traceId,
    LambdaReport report,
    MetricFields metric,
    Map<String, String> labels,
    Map<String, Object> json,
    String errorType,
    String errorMessage,
    String stackTrace,
    String logger,
    boolean coldStart) {

  /** This document with {@code extra} labels added (its own labels win on a shared key). */
  LogDocument withLabels(Map<String, String> extra) {
    Map<String, String> merged = new java.util.LinkedHashMap<>(extra);
    merged.putAll(labels);
    return new LogDocument(
        context,
        event,
        message,
        level,
        action,
        requestId,
        traceId,
        report,
        metric,
        merged,
        json,
        errorType,
        errorMessage,
        stackTrace,
        logger,
        coldStart);
  }

  static Builder builder(LogContext context, LogEvent event) {
    return new Builder(context, event);
  }

  /** Collects what a parser finds; {@link #build()} fills the defaults. */
  static final class Builder {
    private final LogContext context;
    private final LogEvent event;
    String message;
    String level;
    String action;
    String requestId;
    String traceId;
    LambdaReport report = LambdaReport.NONE;
    MetricFields metric;
    Map<String, String> labels = Map.of();
    Map<String, Object> json = Map.of();
    String errorType;
    String errorMessage;
    String stackTrace;
    String logger;
    boolean coldStart;

    private Builder(LogContext context, LogEvent event) {
      this.context = context;
      this.event = event;
    }

    LogDocument build() {
      return new LogDocument(
          context,
          event,
          message,
          level,
          action,
          requestId,
          traceId,
          report,
          metric,
          labels,
          json,
          errorType,
          errorMessage,
          stackTrace,
          logger,
          coldStart);
    }
  }
}
