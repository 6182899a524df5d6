package dev.noops.logs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Writes documents as JSON with ECS field names (dotted keys, which Elasticsearch and OpenSearch
 * map exactly like nested objects). Numbers are JSON numbers; whole numbers are written without a
 * fraction. Documents are written byte by byte into one reused {@link JsonBuffer} (the bytes
 * Jackson's generator wrote before, see there), field names are constant bytes, and the fields of a
 * payload's log stream (identical for all its events) are rendered once. Not thread-safe: one per
 * invocation thread.
 */
final class DocumentWriter {
  static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final byte[] AT_TIMESTAMP = name("{", "@timestamp");
  private static final byte[] MESSAGE = name("message");
  private static final byte[] EVENT_ID = name("event.id");
  private static final byte[] F_LOG_LEVEL = name("log.level");
  private static final byte[] F_EVENT_ACTION = name("event.action");
  private static final byte[] F_FAAS_EXECUTION = name("faas.execution");
  private static final byte[] F_TRACE_ID = name("trace.id");
  private static final byte[] F_ERROR_TYPE = name("error.type");
  private static final byte[] F_ERROR_MESSAGE = name("error.message");
  private static final byte[] F_ERROR_STACK_TRACE = name("error.stack_trace");
  private static final byte[] F_LOG_LOGGER = name("log.logger");
  private static final byte[] F_AWS_LAMBDA_DURATION_MS = name("aws.lambda.duration_ms");
  private static final byte[] F_AWS_LAMBDA_BILLED_DURATION_MS =
      name("aws.lambda.billed_duration_ms");
  private static final byte[] F_AWS_LAMBDA_MEMORY_SIZE_MB = name("aws.lambda.memory_size_mb");
  private static final byte[] F_AWS_LAMBDA_MAX_MEMORY_USED_MB =
      name("aws.lambda.max_memory_used_mb");
  private static final byte[] F_AWS_LAMBDA_INIT_DURATION_MS = name("aws.lambda.init_duration_ms");
  private static final byte[] F_AWS_LAMBDA_RESTORE_DURATION_MS =
      name("aws.lambda.restore_duration_ms");
  private static final byte[] F_AWS_LAMBDA_STATUS = name("aws.lambda.status");
  private static final byte[] F_AWS_LAMBDA_ERROR_TYPE = name("aws.lambda.error_type");
  private static final byte[] F_METRIC_NAME = name("metric.name");
  private static final byte[] F_METRIC_VALUE = name("metric.value");
  private static final byte[] F_METRIC_TYPE = name("metric.type");
  private static final byte[] F_METRIC_UNIT = name("metric.unit");
  private static final byte[] F_FAAS_COLDSTART = name("faas.coldstart");
  private static final byte[] LABELS = ",\"labels.".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] METRIC_TAGS = ",\"metric.tags.".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NAME_END = "\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CLOUD_PROVIDER = name("cloud.provider");
  private static final byte[] CLOUD_ACCOUNT_ID = name("cloud.account.id");
  private static final byte[] CLOUD_REGION = name("cloud.region");
  private static final byte[] LOG_GROUP = name("aws.cloudwatch.log_group");
  private static final byte[] LOG_STREAM = name("aws.cloudwatch.log_stream");
  private static final byte[] FAAS_NAME = name("faas.name");
  private static final byte[] FAAS_VERSION = name("faas.version");
  private static final byte[] EVENT_ORIGINAL = name("event.original");
  private static final byte[] HTTP_STATUS = name("http.response.status_code");

  private final JsonFields jsonFields;
  private final JsonBuffer buffer = new JsonBuffer(4096);
  private final JsonBuffer contextBuffer = new JsonBuffer(512);
  private final byte[] timestamp = new byte[Timestamps.MAX_LENGTH];
  private final Timestamps timestamps = new Timestamps();
  private LogContext renderedFor;
  private byte[] renderedContext;
  private int idFrom;
  private int idTo;

  DocumentWriter(JsonFields jsonFields) {
    this.jsonFields = jsonFields;
  }

  /** The document's JSON. */
  byte[] write(LogDocument doc) {
    return render(doc).toByteArray();
  }

  /**
   * Where the last {@link #render} wrote the event id in its buffer, quoted and escaped: from here
   * to {@link #idTo()}.
   */
  int idFrom() {
    return idFrom;
  }

  int idTo() {
    return idTo;
  }

  /** Writes the document into the reused buffer and returns it: valid until the next call. */
  JsonBuffer render(LogDocument doc) {
    JsonBuffer out = buffer;
    out.reset();
    out.raw(AT_TIMESTAMP);
    out.raw((byte) '"');
    out.raw(timestamp, 0, timestamps.format(doc.event().timestamp(), timestamp)); // ASCII
    out.raw((byte) '"');
    if (doc.message() != null) {
      out.raw(MESSAGE);
      out.string(doc.message());
    }
    string(out, F_LOG_LEVEL, doc.level());
    out.raw(EVENT_ID);
    idFrom = out.size();
    out.string(doc.event().id());
    idTo = out.size();
    string(out, F_EVENT_ACTION, doc.action());
    out.raw(context(doc.context()));
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
    if (!doc.labels().isEmpty()) { // an empty map's iterator is not free
      labels(out, doc.labels());
    }
    jsonFields.write(out, doc.json());
    out.raw((byte) '}');
    return out;
  }

  private static void labels(JsonBuffer out, Map<String, String> labels) {
    for (Map.Entry<String, String> label : labels.entrySet()) {
      out.raw(LABELS);
      out.chars(label.getKey());
      out.raw(NAME_END);
      out.string(label.getValue());
    }
  }

  /**
   * {@code ,"cloud.provider":"aws",...,"faas.version":"..."}: the same bytes for every event of a
   * payload.
   */
  @SuppressWarnings("ReferenceEquality") // identity is the cache key: one LogContext per payload
  private byte[] context(LogContext context) {
    if (context != renderedFor || renderedContext == null) {
      contextBuffer.reset();
      context(contextBuffer, context);
      renderedContext = contextBuffer.toByteArray();
      renderedFor = context;
    }
    return renderedContext;
  }

  /** A dead letter: the raw message and why it could not be indexed. */
  byte[] writeDeadLetter(DeadLetter letter) {
    JsonBuffer out = new JsonBuffer(1024);
    out.raw(AT_TIMESTAMP);
    out.string(TIMESTAMP.format(Instant.ofEpochMilli(letter.timestamp())));
    string(out, EVENT_ID, letter.id());
    string(out, EVENT_ORIGINAL, letter.original());
    string(out, F_ERROR_TYPE, letter.errorType());
    string(out, F_ERROR_MESSAGE, letter.reason());
    if (letter.status() > 0) {
      out.raw(HTTP_STATUS);
      out.number(letter.status());
    }
    if (letter.context() != null) {
      context(out, letter.context());
    }
    out.raw((byte) '}');
    return out.toByteArray();
  }

  private static void context(JsonBuffer out, LogContext context) {
    out.raw(CLOUD_PROVIDER);
    out.string("aws");
    string(out, CLOUD_ACCOUNT_ID, context.account());
    string(out, CLOUD_REGION, context.region());
    string(out, LOG_GROUP, context.logGroup());
    string(out, LOG_STREAM, context.logStream());
    string(out, FAAS_NAME, context.functionName());
    string(out, FAAS_VERSION, context.functionVersion());
  }

  private static void report(JsonBuffer out, LambdaReport report) {
    number(out, F_AWS_LAMBDA_DURATION_MS, report.durationMs());
    number(out, F_AWS_LAMBDA_BILLED_DURATION_MS, report.billedDurationMs());
    number(out, F_AWS_LAMBDA_MEMORY_SIZE_MB, report.memorySizeMb());
    number(out, F_AWS_LAMBDA_MAX_MEMORY_USED_MB, report.maxMemoryUsedMb());
    number(out, F_AWS_LAMBDA_INIT_DURATION_MS, report.initDurationMs());
    number(out, F_AWS_LAMBDA_RESTORE_DURATION_MS, report.restoreDurationMs());
    string(out, F_AWS_LAMBDA_STATUS, report.status());
    string(out, F_AWS_LAMBDA_ERROR_TYPE, report.errorType());
  }

  private static void metric(JsonBuffer out, MetricFields metric) {
    if (metric == null) {
      return;
    }
    string(out, F_METRIC_NAME, metric.name());
    number(out, F_METRIC_VALUE, metric.value());
    string(out, F_METRIC_TYPE, metric.type());
    string(out, F_METRIC_UNIT, metric.unit());
    for (Map.Entry<String, String> tag : metric.tags().entrySet()) {
      out.raw(METRIC_TAGS);
      out.chars(JsonFlattener.key(tag.getKey()));
      out.raw(NAME_END);
      out.string(tag.getValue());
    }
  }

  private static void number(JsonBuffer out, byte[] name, Double value) {
    if (value == null) {
      return;
    }
    out.raw(name);
    double v = value;
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      out.number((long) v);
    } else {
      out.number(v);
    }
  }

  private static void string(JsonBuffer out, byte[] name, String value) {
    if (value != null) {
      out.raw(name);
      out.string(value);
    }
  }

  private static void bool(JsonBuffer out, byte[] name, boolean value) {
    out.raw(name);
    out.bool(value);
  }

  /** {@code ,"<name>":} as bytes (names are plain ASCII). */
  private static byte[] name(String name) {
    return name(",", name);
  }

  private static byte[] name(String before, String name) {
    return (before + "\"" + name + "\":").getBytes(StandardCharsets.US_ASCII);
  }
}
