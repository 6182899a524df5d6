package dev.noops.bench.harness;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * CloudWatch Logs subscription envelopes ({@code {"awslogs":{"data":...}}}) of a realistic Lambda
 * log mix, per invocation: START, a Node.js line, a Python line, a Java (log4j2 Lambda layout)
 * line, a Powertools JSON line, a MONITORING line, sometimes a Java or Node stack trace, END and
 * REPORT. Request IDs, numbers and trace IDs are random (seeded), so the payload compresses like
 * real logs.
 */
final class LogPayloads {
  /** One envelope, how many log events and bytes of log text it carries, and its gzip size. */
  record Payload(byte[] envelope, int events, long textBytes, int compressedBytes) {}

  private final SplittableRandom random;
  private final String logGroup;
  private long id = 36_000_000_000_000_000L;
  private long time = System.currentTimeMillis() - 60_000;

  LogPayloads(long seed, String logGroup) {
    this.random = new SplittableRandom(seed);
    this.logGroup = logGroup;
  }

  /** An envelope of whole invocations holding {@code events} log events or slightly more. */
  Payload ofEvents(int events) {
    List<String> messages = new ArrayList<>(events + 10);
    while (messages.size() < events) {
      messages.addAll(invocation());
    }
    return envelope(messages);
  }

  /**
   * An envelope whose gzip body is at least {@code compressedBytes}: grows by the measured ratio,
   * then in small steps.
   */
  Payload ofCompressedSize(int compressedBytes) {
    List<String> messages = new ArrayList<>();
    int target = 1000;
    while (true) {
      while (messages.size() < target) {
        messages.addAll(invocation());
      }
      Payload payload = envelope(messages);
      if (payload.compressedBytes() >= compressedBytes) {
        return payload;
      }
      double scale = (double) compressedBytes / payload.compressedBytes();
      target = (int) Math.max(messages.size() + 200, messages.size() * Math.min(scale * 1.01, 4));
    }
  }

  private List<String> invocation() {
    String request = new UUID(random.nextLong(), random.nextLong()).toString();
    String iso = java.time.Instant.ofEpochMilli(time).toString();
    List<String> lines = new ArrayList<>(10);
    lines.add("START RequestId: " + request + " Version: $LATEST\n");
    lines.add(
        iso
            + "\t"
            + request
            + "\tINFO\tprocessing order o-"
            + random.nextInt(1_000_000)
            + " for customer c-"
            + random.nextInt(50_000)
            + "\n");
    lines.add(
        "[INFO]\t"
            + iso
            + "\t"
            + request
            + "\tfetched "
            + random.nextInt(200)
            + " items from table orders-"
            + random.nextInt(9)
            + " in "
            + random.nextInt(400)
            + " ms\n");
    lines.add(
        iso.replace('T', ' ').substring(0, 19)
            + " "
            + request
            + " INFO  OrderService - reserved stock for sku-"
            + random.nextInt(100_000)
            + " quantity="
            + (1 + random.nextInt(9))
            + "\n");
    lines.add(
        "{\"level\":\"INFO\",\"location\":\"handler:42\",\"message\":\"payment authorised\",\"timestamp\":\""
            + iso
            + "\",\"service\":\"payments\",\"cold_start\":false,\"function_request_id\":\""
            + request
            + "\",\"x-correlation-id\":\""
            + Long.toHexString(random.nextLong())
            + "\",\"amount\":"
            + random.nextInt(100_000) / 100.0
            + ",\"order\":{\"id\":\"o-"
            + random.nextInt(1_000_000)
            + "\",\"items\":"
            + random.nextInt(9)
            + "}}\n");
    lines.add(
        iso
            + "\t"
            + request
            + "\tINFO\tMONITORING|"
            + time / 1000
            + "|"
            + random.nextInt(500)
            + "|latency|downstream-latency|#service:stock\n");
    if (random.nextInt(10) == 0) {
      lines.add(stackTrace(iso, request));
    }
    lines.add("END RequestId: " + request + "\n");
    lines.add(
        "REPORT RequestId: "
            + request
            + "\tDuration: "
            + random.nextInt(90_000) / 100.0
            + " ms\tBilled Duration: "
            + (1 + random.nextInt(900))
            + " ms\tMemory Size: 512 MB\tMax Memory Used: "
            + (80 + random.nextInt(100))
            + " MB\t\nXRAY TraceId: 1-"
            + Long.toHexString(time / 1000)
            + "-"
            + Long.toHexString(random.nextLong())
            + "\tSegmentId: "
            + Long.toHexString(random.nextLong())
            + "\tSampled: true\n");
    time += 1 + random.nextInt(50);
    return lines;
  }

  private String stackTrace(String iso, String request) {
    if (random.nextBoolean()) {
      return iso
          + "\t"
          + request
          + "\tERROR\tInvoke Error \t{\"errorType\":\"TypeError\",\"errorMessage\":"
          + "\"Cannot read properties of undefined (reading 'id')\"}\nTypeError: Cannot read properties of undefined"
          + " (reading 'id')\n    at Runtime.handler (/var/task/index.js:"
          + random.nextInt(300)
          + ":20)\n"
          + "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)\n";
    }
    return "java.lang.IllegalStateException: stock service answered "
        + (500 + random.nextInt(4))
        + "\n"
        + "\tat com.example.orders.StockClient.reserve(StockClient.java:"
        + random.nextInt(200)
        + ")\n"
        + "\tat com.example.orders.OrderService.place(OrderService.java:"
        + random.nextInt(200)
        + ")\n"
        + "\tat com.example.orders.Handler.handleRequest(Handler.java:31)\n";
  }

  private Payload envelope(List<String> messages) {
    StringBuilder json =
        new StringBuilder(messages.size() * 200)
            .append("{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"123456789012\",\"logGroup\":\"")
            .append(logGroup)
            .append("\",\"logStream\":\"2026/11/25/[$LATEST]0123456789abcdef0123456789abcdef\",")
            .append("\"subscriptionFilters\":[\"noops\"],\"logEvents\":[");
    long text = 0;
    for (int i = 0; i < messages.size(); i++) {
      String message = messages.get(i);
      json.append(i == 0 ? "" : ",")
          .append("{\"id\":\"")
          .append(id++)
          .append("\",\"timestamp\":")
          .append(time - messages.size() + i)
          .append(",\"message\":");
      quote(json, message);
      json.append('}');
      text += message.getBytes(StandardCharsets.UTF_8).length;
    }
    byte[] gzip = gzip(json.append("]}").toString());
    String envelope =
        "{\"awslogs\":{\"data\":\"" + Base64.getEncoder().encodeToString(gzip) + "\"}}";
    return new Payload(
        envelope.getBytes(StandardCharsets.US_ASCII), messages.size(), text, gzip.length);
  }

  private static void quote(StringBuilder out, String text) {
    JsonStringEncoder.getInstance().quoteAsString(text, out.append('"'));
    out.append('"');
  }

  private static byte[] gzip(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
