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
 * The {@link DocumentWriter} of commit b6a6ad3, which wrote through Jackson's {@code
 * JsonGenerator}, kept unchanged as the reference the byte-by-byte writer is checked against
 * ({@link DocumentWriterEquivalenceTest}).
 */
final class JacksonDocumentWriter {
  static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final SerializedString AT_TIMESTAMP = new SerializedString("@timestamp");
  private static final SerializedString MESSAGE = new SerializedString("message");
  private static final SerializedString EVENT_ID = new SerializedString("event.id");
  private static final SerializedString F_LOG_LEVEL = new SerializedString("log.level");
  private static final SerializedString F_EVENT_ACTION = new SerializedString("event.action");
  private static final SerializedString F_FAAS_EXECUTION = new SerializedString("faas.execution");
  private static final SerializedString F_TRACE_ID = new SerializedString("trace.id");
  private static final SerializedString F_ERROR_TYPE = new SerializedString("error.type");
  private static final SerializedString F_ERROR_MESSAGE = new SerializedString("error.message");
  private static final SerializedString F_ERROR_STACK_TRACE =
      new SerializedString("error.stack_trace");
  private static final SerializedString F_LOG_LOGGER = new SerializedString("log.logger");
  private static final SerializedString F_AWS_LAMBDA_DURATION_MS =
      new SerializedString("aws.lambda.duration_ms");
  private static final SerializedString F_AWS_LAMBDA_BILLED_DURATION_MS =
      new SerializedString("aws.lambda.billed_duration_ms");
  private static final SerializedString F_AWS_LAMBDA_MEMORY_SIZE_MB =
      new SerializedString("aws.lambda.memory_size_mb");
  private static final SerializedString F_AWS_LAMBDA_MAX_MEMORY_USED_MB =
      new SerializedString("aws.lambda.max_memory_used_mb");
  private static final SerializedString F_AWS_LAMBDA_INIT_DURATION_MS =
      new SerializedString("aws.lambda.init_duration_ms");
  private static final SerializedString F_AWS_LAMBDA_RESTORE_DURATION_MS =
      new SerializedString("aws.lambda.restore_duration_ms");
  private static final SerializedString F_AWS_LAMBDA_STATUS =
      new SerializedString("aws.lambda.status");
  private static final SerializedString F_AWS_LAMBDA_ERROR_TYPE =
      new SerializedString("aws.lambda.error_type");
  private static final SerializedString F_METRIC_NAME = new SerializedString("metric.name");
  private static final SerializedString F_METRIC_VALUE = new SerializedString("metric.value");
  private static final SerializedString F_METRIC_TYPE = new SerializedString("metric.type");
  private static final SerializedString F_METRIC_UNIT = new SerializedString("metric.unit");
  private static final SerializedString F_FAAS_COLDSTART = new SerializedString("faas.coldstart");

  private final JsonFactory json;
  private final JacksonJsonFields jsonFields;
  private final Buffer buffer = new Buffer();
  private JsonGenerator out;
  private LogContext renderedFor;
  private SerializedString renderedContext;

  JacksonDocumentWriter(JsonFactory json, JacksonJsonFields jsonFields) {
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
      out.writeString(TIMESTAMP.format(Instant.ofEpochMilli(doc.event().timestamp())));
      if (doc.message() != null) {
        out.writeFieldName(MESSAGE);
        out.writeString(doc.message());
      }
      string(out, F_LOG_LEVEL, doc.level());
      out.writeFieldName(EVENT_ID);
      out.writeString(doc.event().id());
      string(out, F_EVENT_ACTION, doc.action());
      out.writeRaw(context(doc.context()));
      string(out, F_FAAS_EXECUTION, doc.requestId());
      if ("report".equals(doc.action())) {
        bool(out, F_FAAS_COLDSTART, doc.report().coldStart());
      } else if (doc.coldStart()) {
        bool(out, F_FAAS_COLDSTART, true);
      }
      string(out, F_TRACE_ID, doc.traceId());
      if (!doc.report().equals(LambdaReport.NONE)) {
        report(out, doc.report());
      }
      metric(out, doc.metric());
      string(out, F_ERROR_TYPE, doc.errorType());
      string(out, F_ERROR_MESSAGE, doc.errorMessage());
      string(out, F_ERROR_STACK_TRACE, doc.stackTrace());
      string(out, F_LOG_LOGGER, doc.logger());
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
    number(out, F_AWS_LAMBDA_DURATION_MS, report.durationMs());
    number(out, F_AWS_LAMBDA_BILLED_DURATION_MS, report.billedDurationMs());
    number(out, F_AWS_LAMBDA_MEMORY_SIZE_MB, report.memorySizeMb());
    number(out, F_AWS_LAMBDA_MAX_MEMORY_USED_MB, report.maxMemoryUsedMb());
    number(out, F_AWS_LAMBDA_INIT_DURATION_MS, report.initDurationMs());
    number(out, F_AWS_LAMBDA_RESTORE_DURATION_MS, report.restoreDurationMs());
    string(out, F_AWS_LAMBDA_STATUS, report.status());
    string(out, F_AWS_LAMBDA_ERROR_TYPE, report.errorType());
  }

  private static void metric(JsonGenerator out, MetricFields metric) throws IOException {
    if (metric == null) {
      return;
    }
    string(out, F_METRIC_NAME, metric.name());
    number(out, F_METRIC_VALUE, metric.value());
    string(out, F_METRIC_TYPE, metric.type());
    string(out, F_METRIC_UNIT, metric.unit());
    for (Map.Entry<String, String> tag : metric.tags().entrySet()) {
      out.writeStringField("metric.tags." + JsonFlattener.key(tag.getKey()), tag.getValue());
    }
  }

  private static void number(JsonGenerator out, SerializedString name, Double value)
      throws IOException {
    if (value == null) {
      return;
    }
    out.writeFieldName(name);
    double v = value;
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      out.writeNumber((long) v);
    } else {
      out.writeNumber(v);
    }
  }

  private static void string(JsonGenerator out, SerializedString name, String value)
      throws IOException {
    if (value != null) {
      out.writeFieldName(name);
      out.writeString(value);
    }
  }

  private static void bool(JsonGenerator out, SerializedString name, boolean value)
      throws IOException {
    out.writeFieldName(name);
    out.writeBoolean(value);
  }

  private static void string(JsonGenerator out, String name, String value) throws IOException {
    if (value != null) {
      out.writeStringField(name, value);
    }
  }
}
