package dev.noops.logs;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON log lines: Lambda's JSON log format ({@code platform.*} records and application records with
 * {@code timestamp}, {@code level}, {@code requestId}, {@code message}) and JSON application logs
 * such as Powertools', including the {@code x-correlation-*} IDs of our correlation library.
 */
final class JsonLogs {
  private static final List<String> LEVEL_KEYS =
      List.of("level", "levelname", "severity", "log.level", "logLevel");
  private static final List<String> REQUEST_KEYS =
      List.of("requestId", "AWSRequestId", "awsRequestId", "function_request_id", "request_id");
  private static final List<String> TRACE_KEYS =
      List.of("xray_trace_id", "traceId", "trace_id", "xRayTraceId");
  private static final String CORRELATION_PREFIX = "x-correlation-";

  private final JsonTrees trees;
  private final JsonLineScanner scanner;

  JsonLogs(ObjectMapper mapper) {
    this(JsonTrees.of(mapper));
  }

  JsonLogs(JsonTrees trees) {
    this.trees = trees;
    this.scanner = new JsonLineScanner(trees.factory());
  }

  /**
   * Fills {@code doc} and returns the application message when {@code text} is a JSON object, else
   * null.
   */
  String parse(String text, LogDocument.Builder doc) {
    String trimmed = text.strip();
    if (trimmed.length() < 2
        || trimmed.charAt(0) != '{'
        || trimmed.charAt(trimmed.length() - 1) != '}') {
      return null;
    }
    JsonLineScanner.Scanned scanned;
    try {
      scanned = scanner.scan(trimmed);
    } catch (java.io.IOException | IllegalArgumentException e) {
      return null; // not JSON after all (or too deep/large to be read safely): kept as text
    }
    if (scanned == null) {
      return null;
    }
    @SuppressWarnings("ReferenceEquality") // TREE is a sentinel instance, compared by identity
    boolean byTree = scanned == JsonLineScanner.TREE;
    return byTree ? parseTree(trimmed, text, doc) : application(scanned, text, doc);
  }

  /** {@link #parse} by way of a tree: the lines the scanner leaves to it, and tests. */
  String parseTree(String trimmed, String text, LogDocument.Builder doc) {
    JsonNode node = readObject(trimmed);
    if (node == null) {
      return null;
    }
    String type = node.path("type").asText("");
    if (type.startsWith("platform.") && node.path("record").isObject()) {
      platform(type, node.get("record"), doc);
      doc.message = text;
      return null;
    }
    return application(node, text, doc);
  }

  /** A line the streaming scan leaves to the tree (see {@link JsonLineScanner#TREE}). */
  private JsonNode readObject(String trimmed) {
    try {
      JsonNode node = trees.mapper().readTree(trimmed);
      return node != null && node.isObject() ? node : null;
    } catch (JacksonException | IllegalArgumentException e) {
      return null; // not JSON after all (or too deep/large to be read safely): kept as text
    }
  }

  private static void platform(String type, JsonNode record, LogDocument.Builder doc) {
    doc.action =
        switch (type) {
          case "platform.start" -> "start";
          case "platform.runtimeDone" -> "end";
          case "platform.report" -> "report";
          case "platform.initStart" -> "init_start";
          case "platform.initReport" -> "init_report";
          default -> null;
        };
    doc.requestId = textOrNull(record.get("requestId"));
    doc.traceId = traceRoot(textOrNull(record.path("tracing").get("value")));
    JsonNode metrics = record.path("metrics");
    boolean init = type.equals("platform.initReport");
    doc.report =
        new LambdaReport(
            init ? null : number(metrics.get("durationMs")),
            number(metrics.get("billedDurationMs")),
            number(metrics.get("memorySizeMB")),
            number(metrics.get("maxMemoryUsedMB")),
            init ? number(metrics.get("durationMs")) : number(metrics.get("initDurationMs")),
            number(metrics.get("restoreDurationMs")),
            textOrNull(record.get("status")),
            textOrNull(record.get("errorType")));
  }

  private static String application(JsonNode node, String text, LogDocument.Builder doc) {
    JsonNode message = node.get("message");
    if (message == null) {
      message = node.get("msg");
    }
    doc.message = message != null && message.isTextual() ? message.asText() : text;
    String level = first(node, LEVEL_KEYS);
    if (level != null) {
      doc.level = RuntimePrefixes.normalLevel(level);
    }
    String requestId = first(node, REQUEST_KEYS);
    if (requestId != null) {
      doc.requestId = requestId;
    }
    String trace = first(node, TRACE_KEYS);
    if (trace != null) {
      doc.traceId = traceRoot(trace);
    }
    Map<String, String> labels = new LinkedHashMap<>();
    correlationIds(node, labels, 0);
    doc.labels = labels;
    doc.json =
        JsonFlattener.flatten(
            node, message != null && message.isTextual() ? List.of("message") : List.of());
    return doc.message;
  }

  /** {@link #application(JsonNode, String, LogDocument.Builder)} from a streaming scan. */
  private static String application(
      JsonLineScanner.Scanned line, String text, LogDocument.Builder doc) {
    doc.message = line.messageIsText() ? line.message() : text;
    if (line.level() != null) {
      doc.level = RuntimePrefixes.normalLevel(line.level());
    }
    if (line.requestId() != null) {
      doc.requestId = line.requestId();
    }
    if (line.traceId() != null) {
      doc.traceId = traceRoot(line.traceId());
    }
    doc.labels = line.labels();
    doc.json = line.leaves();
    return doc.message;
  }

  private static void correlationIds(JsonNode node, Map<String, String> labels, int depth) {
    Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode value = field.getValue();
      if (field.getKey().regionMatches(true, 0, CORRELATION_PREFIX, 0, CORRELATION_PREFIX.length())
          && value.isValueNode()) {
        labels.putIfAbsent(
            JsonFlattener.key(field.getKey().toLowerCase(java.util.Locale.ROOT)), value.asText());
      } else if (value.isObject() && depth < 2) {
        correlationIds(value, labels, depth + 1);
      }
    }
  }

  private static String first(JsonNode node, List<String> keys) {
    for (String key : keys) {
      JsonNode value = node.get(key);
      if (value != null && value.isTextual() && !value.asText().isBlank()) {
        return value.asText();
      }
    }
    return null;
  }

  /** {@code Root=1-abc-def;Parent=...;Sampled=1} → {@code 1-abc-def}; a bare trace id is kept. */
  static String traceRoot(String value) {
    if (value == null) {
      return null;
    }
    int root = value.indexOf("Root=");
    if (root < 0) {
      return value;
    }
    int end = value.indexOf(';', root);
    return value.substring(root + 5, end < 0 ? value.length() : end);
  }

  private static String textOrNull(JsonNode node) {
    return node != null && node.isValueNode() && !node.isNull() ? node.asText() : null;
  }

  private static Double number(JsonNode node) {
    return node != null && node.isNumber() ? node.doubleValue() : null;
  }
}
