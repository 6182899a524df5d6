package dev.noops.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The streaming read of JSON log lines fills a document exactly as the tree read it replaces, on
 * random lines built to hit every rule (duplicates, dotted and empty keys, deep nesting, arrays of
 * objects, correlation ids at several depths, message/msg, number types, platform records).
 */
class JsonLineScannerTest {
  private static final LogContext CONTEXT =
      new LogContext("123456789012", "eu-west-1", "/aws/lambda/orders", "2026/12/02/[$LATEST]a");
  private static final String[] KEYS = {
    "message",
    "msg",
    "level",
    "levelname",
    "severity",
    "log.level",
    "logLevel",
    "requestId",
    "AWSRequestId",
    "traceId",
    "xray_trace_id",
    "x-correlation-id",
    "X-Correlation-Trace",
    "errorType",
    "errorMessage",
    "stack",
    "logger",
    "type",
    "record",
    "a",
    "a.b",
    "",
    "b",
    "c"
  };

  private final JsonLogs logs = new JsonLogs(new ObjectMapper(Shipper.jsonFactory()));
  private final JsonLineScanner scanner = new JsonLineScanner(Shipper.jsonFactory());
  private final DocumentWriter writer = new DocumentWriter(new JsonFields(JsonMapping.KEY_VALUE));

  @Test
  @SuppressWarnings("ReferenceEquality") // TREE is a sentinel instance, compared by identity
  void streaming_and_tree_reads_fill_the_same_fields() throws java.io.IOException {
    Random random = new Random(20261202);
    int streamed = 0;
    for (int i = 0; i < 4_000; i++) {
      String line = object(random, 0);
      same(line);
      if (scanner.scan(line) != JsonLineScanner.TREE) {
        streamed++;
      }
    }
    assertThat(streamed).isBetween(2_000, 3_960); // both paths are exercised
  }

  private void same(String line) {
    LogDocument.Builder fast = LogDocument.builder(CONTEXT, new LogEvent("e", 0, line));
    LogDocument.Builder tree = LogDocument.builder(CONTEXT, new LogEvent("e", 0, line));
    assertThat(logs.parse(line, fast)).as(line).isEqualTo(logs.parseTree(line, line, tree));
    LogDocument fastDoc = fast.build();
    LogDocument treeDoc = tree.build();
    assertThat(fastDoc).as(line).usingRecursiveComparison().isEqualTo(treeDoc);
    assertThat(List.copyOf(fastDoc.json().keySet()))
        .isEqualTo(List.copyOf(treeDoc.json().keySet()));
    assertThat(List.copyOf(fastDoc.labels().keySet()))
        .isEqualTo(List.copyOf(treeDoc.labels().keySet()));
    assertThat(new String(writer.write(fastDoc), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(new String(writer.write(treeDoc), java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void typical_lines_fill_the_same_fields() {
    for (String line :
        List.of(
            "{\"level\":\"INFO\",\"message\":\"order placed\",\"order\":{\"id\":42,\"total\":12.5,"
                + "\"items\":[\"a\",\"b\",null]},\"x-correlation-id\":\"abc\",\"requestId\":\"r1\"}",
            "{\"msg\":\"m\",\"message\":{\"text\":1}}",
            "{\"type\":\"platform.start\",\"record\":{\"requestId\":\"r\"}}",
            "{\"a\":1,\"a\":2}",
            "{\"big\":123456789012345678901234567890,\"f\":1e400,\"l\":12345678901}",
            "{\"a\":[{\"b\":1}],\"x-correlation-n\":1.50,\"x-correlation-z\":null}",
            "{\"level\":\" \",\"severity\":\"warn\"} trailing}",
            "{\"broken\":}",
            "{\"d\":" + "{\"e\":".repeat(20) + "1" + "}".repeat(20) + ",\"x\":1}",
            manyKeys(40, "k17"), // a duplicate past the names compared one by one
            manyKeys(40, "k3"),
            "{\"o\":" + manyKeys(30, "k29") + "}",
            manyKeys(40, null))) {
      same(line);
    }
  }

  /**
   * An object of {@code count} keys {@code k0, k1...}, then {@code again} once more when not null.
   */
  private static String manyKeys(int count, String again) {
    StringBuilder json = new StringBuilder("{");
    for (int i = 0; i < count; i++) {
      json.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
    }
    if (again != null) {
      json.append(",\"").append(again).append("\":\"again\"");
    }
    return json.append('}').toString();
  }

  private static String object(Random random, int depth) {
    StringBuilder json = new StringBuilder("{");
    int fields = random.nextInt(depth == 0 ? 8 : depth < 4 ? 4 : 2);
    for (int i = 0; i < fields; i++) {
      if (i > 0) {
        json.append(',');
      }
      json.append('"').append(KEYS[random.nextInt(KEYS.length)]).append("\":");
      json.append(value(random, depth + 1));
    }
    return json.append('}').toString();
  }

  private static String value(Random random, int depth) {
    return switch (random.nextInt(depth > 18 ? 9 : 11)) {
      case 0 -> "\"text\"";
      case 1 -> "\"platform.start\"";
      case 2 -> "\" \"";
      case 3 -> String.valueOf(random.nextInt(1000));
      case 4 -> "12345678901";
      case 5 -> "1.50";
      case 6 -> "null";
      case 7 -> random.nextBoolean() ? "true" : "false";
      case 8 -> "[\"x\",1,null,true]";
      case 9 -> random.nextInt(4) == 0 ? "[" + object(random, depth) + "]" : object(random, depth);
      default -> object(random, depth);
    };
  }
}
