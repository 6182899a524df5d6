package dev.noops.logs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.noops.metrics.MalformedMonitoringLineException;
import dev.noops.metrics.MonitoringLine;
import java.util.Optional;

/**
 * Turns one CloudWatch Logs event into one {@link LogDocument}: Lambda's own lines, runtime
 * prefixes, JSON logs and MONITORING lines. A multi-line event (a stack trace) stays one document.
 */
final class EventParser {
  private static final String MONITORING = "MONITORING|";

  private final JsonLogs jsonLogs;
  private final MetricLineListener metrics;
  private final ErrorFields errors;

  EventParser(ObjectMapper mapper, MetricLineListener metrics) {
    this(JsonTrees.of(mapper), metrics);
  }

  /** With {@code trees} for the lines that need a tree (data binding is loaded on first use). */
  EventParser(JsonTrees trees, MetricLineListener metrics) {
    this.jsonLogs = new JsonLogs(trees);
    this.errors = new ErrorFields(trees);
    this.metrics = metrics;
  }

  LogDocument parse(LogContext context, LogEvent event, StreamState state) {
    String message = event.message();
    int end = lineEnd(message); // the line is the message without its trailing newline
    LogDocument.Builder doc = LogDocument.builder(context, event);
    if (!PlatformLines.parse(message, end, doc)) {
      String rest = RuntimePrefixes.strip(message, end, doc);
      String body = rest == null ? line(message, end) : rest;
      jsonLogs.parse(body, doc);
      if (doc.message == null) {
        doc.message = body;
      }
      if (message.contains(MONITORING)) {
        monitoring(context, message, doc); // reads the first line of the message only
      }
      errors.find(body, doc);
    }
    if (doc.requestId == null) {
      doc.requestId = message.startsWith("XRAY ") ? state.lastRequestId() : state.requestId();
    }
    state.seen(doc.action, doc.requestId);
    doc.coldStart = state.cold();
    return doc.build();
  }

  private void monitoring(LogContext context, String line, LogDocument.Builder doc) {
    try {
      Optional<MonitoringLine> found = MonitoringLine.find(line);
      if (found.isPresent()) {
        MonitoringLine metric = found.get();
        doc.action = "metric";
        doc.metric =
            new MetricFields(
                metric.name(), metric.value(), metric.type(), metric.unit(), metric.tags());
        metrics.onMetricLine(context.logGroup(), metric);
      }
    } catch (MalformedMonitoringLineException e) {
      doc.errorType = "malformed_monitoring_line";
      doc.errorMessage = e.getMessage();
      metrics.onMalformedLine(context.logGroup(), e);
    }
  }

  /** The length of {@code message} without its trailing newlines ({@code \n} or {@code \r}). */
  static int lineEnd(String message) {
    int end = message.length();
    while (end > 0 && (message.charAt(end - 1) == '\n' || message.charAt(end - 1) == '\r')) {
      end--;
    }
    return end;
  }

  /** The message up to {@code end}: itself when nothing follows the line. */
  static String line(String message, int end) {
    return end == message.length() ? message : message.substring(0, end);
  }
}
