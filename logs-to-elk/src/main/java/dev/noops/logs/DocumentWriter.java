package dev.noops.logs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Writes documents as JSON with ECS field names (dotted keys, which Elasticsearch and OpenSearch
 * map exactly like nested objects). Numbers are JSON numbers; whole numbers are written without a
 * fraction. Not thread-safe: one per invocation thread.
 */
final class DocumentWriter {
  static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final JsonFactory json;
  private final JsonFields jsonFields;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);

  DocumentWriter(JsonFactory json, JsonFields jsonFields) {
    this.json = json;
    this.jsonFields = jsonFields;
  }

  byte[] write(LogDocument doc) {
    buffer.reset();
    try (JsonGenerator out = json.createGenerator(buffer)) {
      out.writeStartObject();
      out.writeStringField("@timestamp", TIMESTAMP.format(Instant.ofEpochMilli(doc.event().timestamp())));
      string(out, "message", doc.message());
      string(out, "log.level", doc.level());
      string(out, "event.id", doc.event().id());
      string(out, "event.action", doc.action());
      context(out, doc.context());
      string(out, "faas.execution", doc.requestId());
      if ("report".equals(doc.action())) {
        out.writeBooleanField("faas.coldstart", doc.report().coldStart());
      } else if (doc.coldStart()) {
        out.writeBooleanField("faas.coldstart", true);
      }
      string(out, "trace.id", doc.traceId());
      report(out, doc.report());
      metric(out, doc.metric());
      string(out, "error.type", doc.errorType());
      string(out, "error.message", doc.errorMessage());
      string(out, "error.stack_trace", doc.stackTrace());
      string(out, "log.logger", doc.logger());
      for (Map.Entry<String, String> label : doc.labels().entrySet()) {
        out.writeStringField("labels." + label.getKey(), label.getValue());
      }
      jsonFields.write(out, doc.json());
      out.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a document to memory", e);
    }
    return buffer.toByteArray();
  }

  /** A dead letter: the raw message and why it could not be indexed. */
  byte[] writeDeadLetter(DeadLetter letter) {
    buffer.reset();
    try (JsonGenerator out = json.createGenerator(buffer)) {
      out.writeStartObject();
      out.writeStringField("@timestamp", TIMESTAMP.format(Instant.ofEpochMilli(letter.timestamp())));
      string(out, "event.id", letter.id());
      string(out, "event.original", letter.original());
      string(out, "error.type", letter.errorType());
      string(out, "error.message", letter.reason());
      if (letter.status() > 0) {
        out.writeNumberField("http.response.status_code", letter.status());
      }
      if (letter.context() != null) {
        context(out, letter.context());
      }
      out.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a document to memory", e);
    }
    return buffer.toByteArray();
  }

  private static void context(JsonGenerator out, LogContext context) throws IOException {
    out.writeStringField("cloud.provider", "aws");
    string(out, "cloud.account.id", context.account());
    string(out, "cloud.region", context.region());
    string(out, "aws.cloudwatch.log_group", context.logGroup());
    string(out, "aws.cloudwatch.log_stream", context.logStream());
    string(out, "faas.name", context.functionName());
    string(out, "faas.version", context.functionVersion());
  }

  private static void report(JsonGenerator out, LambdaReport report) throws IOException {
    number(out, "aws.lambda.duration_ms", report.durationMs());
    number(out, "aws.lambda.billed_duration_ms", report.billedDurationMs());
    number(out, "aws.lambda.memory_size_mb", report.memorySizeMb());
    number(out, "aws.lambda.max_memory_used_mb", report.maxMemoryUsedMb());
    number(out, "aws.lambda.init_duration_ms", report.initDurationMs());
    number(out, "aws.lambda.restore_duration_ms", report.restoreDurationMs());
    string(out, "aws.lambda.status", report.status());
    string(out, "aws.lambda.error_type", report.errorType());
  }

  private static void metric(JsonGenerator out, MetricFields metric) throws IOException {
    if (metric == null) {
      return;
    }
    out.writeStringField("metric.name", metric.name());
    number(out, "metric.value", metric.value());
    out.writeStringField("metric.type", metric.type());
    out.writeStringField("metric.unit", metric.unit());
    for (Map.Entry<String, String> tag : metric.tags().entrySet()) {
      out.writeStringField("metric.tags." + JsonFlattener.key(tag.getKey()), tag.getValue());
    }
  }

  private static void number(JsonGenerator out, String name, Double value) throws IOException {
    if (value == null) {
      return;
    }
    double v = value;
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      out.writeNumberField(name, (long) v);
    } else {
      out.writeNumberField(name, v);
    }
  }

  private static void string(JsonGenerator out, String name, String value) throws IOException {
    if (value != null) {
      out.writeStringField(name, value);
    }
  }
}
