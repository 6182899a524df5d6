package dev.noops.bench.shipper;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * A realistic mix of Lambda log events as CloudWatch Logs delivers them: per invocation a START,
 * Node.js and Python prefixed lines, Powertools-style JSON with correlation IDs, a MONITORING line,
 * now and then a stack trace, END and REPORT (with XRAY), all in one subscription envelope.
 */
final class LogMix {
  /** The envelope and how many bytes of log text (UTF-8 messages) it carries. */
  record Payload(byte[] envelope, long textBytes, int events, int compressedBytes) {}

  private LogMix() {}

  /**
   * Adds invocations until the gzip payload reaches {@code compressedTarget} bytes. Written
   * straight into the gzip stream, so building it needs about the compressed size in memory (the
   * heap benchmark runs under a small -Xmx).
   */
  static Payload build(int compressedTarget, long seed) {
    Random random = new Random(seed);
    ByteArrayOutputStream compressed = new ByteArrayOutputStream(compressedTarget + 64 * 1024);
    long text = 0;
    int count = 0;
    long id = 36_000_000_000_000L;
    long time = 1_714_557_600_000L;
    try (GZIPOutputStream gzip = new GZIPOutputStream(compressed, 64 * 1024, true)) {
      gzip.write(HEADER.getBytes(StandardCharsets.UTF_8));
      while (compressed.size() < compressedTarget) {
        for (String message : invocation(random, count)) {
          String event =
              (count > 0 ? "," : "")
                  + "{\"id\":\""
                  + id++
                  + "\",\"timestamp\":"
                  + time++
                  + ",\"message\":"
                  + quote(message)
                  + "}";
          gzip.write(event.getBytes(StandardCharsets.UTF_8));
          text += message.getBytes(StandardCharsets.UTF_8).length;
          count++;
        }
        if (count % 400 == 0) {
          gzip.flush();
        }
      }
      gzip.write("]}".getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] gzipped = compressed.toByteArray();
    String envelope =
        "{\"awslogs\":{\"data\":\"" + Base64.getEncoder().encodeToString(gzipped) + "\"}}";
    return new Payload(envelope.getBytes(StandardCharsets.US_ASCII), text, count, gzipped.length);
  }

  private static String[] invocation(Random random, int n) {
    String request = new java.util.UUID(random.nextLong(), random.nextLong()).toString();
    String ts = "2024-05-01T10:00:0" + (n % 10) + "." + (100 + random.nextInt(900)) + "Z";
    String trace = "1-663212c0-" + Long.toHexString(random.nextLong());
    String stack =
        random.nextInt(10) == 0
            ? ts
                + "\t"
                + request
                + "\tERROR\tInvoke Error \t{\"errorType\":\"TypeError\",\"errorMessage\":\"Cannot read properties of undefined\"}\n"
                + "TypeError: Cannot read properties of undefined (reading 'id')\n    at Runtime.handler (/var/task/index.js:"
                + random.nextInt(200)
                + ":20)\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)\n"
            : ts
                + "\t"
                + request
                + "\tINFO\tfetched "
                + random.nextInt(100)
                + " items from table orders-"
                + random.nextInt(9)
                + "\n";
    return new String[] {
      "START RequestId: " + request + " Version: $LATEST\n",
      ts
          + "\t"
          + request
          + "\tINFO\tprocessing order "
          + random.nextInt(1_000_000)
          + " for customer c-"
          + random.nextInt(50_000)
          + "\n",
      "{\"level\":\"INFO\",\"location\":\"handler:42\",\"message\":\"payment authorised\",\"timestamp\":\""
          + ts
          + "\",\"service\":\"payments\","
          + "\"cold_start\":false,\"function_request_id\":\""
          + request
          + "\",\"x-correlation-id\":\""
          + Long.toHexString(random.nextLong())
          + "\",\"amount\":"
          + random.nextInt(10_000) / 100.0
          + ",\"order\":{\"id\":\"o-"
          + random.nextInt(1_000_000)
          + "\",\"items\":"
          + random.nextInt(9)
          + "}}\n",
      "[INFO]\t"
          + ts
          + "\t"
          + request
          + "\tcalling downstream service https://api.example.com/v1/stock\n",
      ts
          + "\t"
          + request
          + "\tINFO\tMONITORING|1714557600|"
          + random.nextInt(500)
          + "|latency|downstream-latency|#service:stock\n",
      stack,
      "END RequestId: " + request + "\n",
      "REPORT RequestId: "
          + request
          + "\tDuration: "
          + random.nextInt(90_000) / 100.0
          + " ms\tBilled Duration: "
          + (1 + random.nextInt(900))
          + " ms\tMemory Size: 512 MB\tMax Memory Used: "
          + (80 + random.nextInt(100))
          + " MB\t\nXRAY TraceId: "
          + trace
          + "\tSegmentId: "
          + Long.toHexString(random.nextLong())
          + "\tSampled: true\n",
    };
  }

  private static final String HEADER =
      "{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"123456789012\",\"logGroup\":\"/aws/lambda/orders-api\","
          + "\"logStream\":\"2024/05/01/[$LATEST]0123456789abcdef0123456789abcdef\",\"subscriptionFilters\":[\"noops\"],\"logEvents\":[";

  private static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16).append('"');
    JsonStringEncoder.getInstance().quoteAsString(text, out);
    return out.append('"').toString();
  }
}
