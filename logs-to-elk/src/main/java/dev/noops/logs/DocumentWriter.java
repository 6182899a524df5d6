package dev.noops.logs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
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
  static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final SerializedString AT_TIMESTAMP = new SerializedString("@timestamp");
  private static final SerializedString MESSAGE = new SerializedString("message");
  private static final SerializedString EVENT_ID = new SerializedString("event.id");

  private final JsonFactory json;
  private final JsonFields jsonFields;
  private final Buffer buffer = new Buffer();
  private final char[] timestamp = new char[Timestamps.LENGTH];
  private final Timestamps timestamps = new Timestamps();
  private JsonGenerator out;
  private LogContext renderedFor;
  private SerializedString renderedContext;

  DocumentWriter(JsonFactory json, JsonFields jsonFields) {
    this.json = json;
    this.jsonFields = jsonFields;
  }

  /**
   * The document's JSON. One generator writes every document into one reused buffer, and the fields
   * of a payload's log stream (identical for all its events) are rendered once as bytes.
   */
  byte[] write(LogDocument doc) {
    buffer.reset();
    try {
      JsonGenerator out = generator();
      out.writeStartObject();
      out.writeFieldName(AT_TIMESTAMP);
      out.writeString(timestamp, 0, timestamps.format(doc.event().timestamp(), timestamp));
      if (doc.message() != null) {
        out.writeFieldName(MESSAGE);
        out.writeString(doc.message());
      }
      string(out, "log.level", doc.level());
      out.writeFieldName(EVENT_ID);
      out.writeString(doc.event().id());
      string(out, "event.action", doc.action());
      out.writeRaw(context(doc.context()));
      string(out, "faas.execution", doc.requestId());
      if ("report".equals(doc.action())) {
        out.writeBooleanField("faas.coldstart", doc.report().coldStart());
      } else if (doc.coldStart()) {
        out.writeBooleanField("faas.coldstart", true);
      }
      string(out, "trace.id", doc.traceId());
      if (!doc.report().equals(LambdaReport.NONE)) {
        report(out, doc.report());
      }
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
      out.flush();
    } catch (IOException | RuntimeException e) {
      this.out = null; // its state is unknown now: the next document gets a new generator
      if (e instanceof IOException io) {
        throw new UncheckedIOException("cannot write a document to memory", io);
      }
      throw (RuntimeException) e;
    }
    return buffer.toByteArray();
  }

  private JsonGenerator generator() throws IOException {
    if (out == null) {
      out = json.createGenerator(buffer);
      out.setRootValueSeparator(null); // documents are cut apart by offset, not by a separator
    }
    return out;
  }

  /**
   * {@code ,"cloud.provider":"aws",...,"faas.version":"..."}: the same bytes for every event of a
   * payload.
   */
  @SuppressWarnings("ReferenceEquality") // identity is the cache key: one LogContext per payload
  private SerializedString context(LogContext context) throws IOException {
    if (context != renderedFor) {
      java.io.ByteArrayOutputStream fields = new java.io.ByteArrayOutputStream(256);
      try (JsonGenerator one = json.createGenerator(fields)) {
        one.writeStartObject();
        context(one, context);
        one.writeEndObject();
      }
      String object = fields.toString(java.nio.charset.StandardCharsets.UTF_8);
      renderedContext = new SerializedString("," + object.substring(1, object.length() - 1));
      renderedFor = context;
    }
    return renderedContext;
  }

  /** A {@link ByteArrayOutputStream} whose reset keeps its array, so documents reuse one buffer. */
  private static final class Buffer extends ByteArrayOutputStream {
    Buffer() {
      super(4096);
    }
  }

  /** A dead letter: the raw message and why it could not be indexed. */
  byte[] writeDeadLetter(DeadLetter letter) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
    try (JsonGenerator out = json.createGenerator(buffer)) {
      out.writeStartObject();
      out.writeStringField(
          "@timestamp", TIMESTAMP.format(Instant.ofEpochMilli(letter.timestamp())));
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
