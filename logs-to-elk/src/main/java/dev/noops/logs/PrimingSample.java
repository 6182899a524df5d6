package dev.noops.logs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;

/**
 * A small subscription event built in code, for the SnapStart priming hook: one payload with the
 * line shapes the shipper meets most (START, a Node.js text line, a JSON application line, END,
 * REPORT), encoded as CloudWatch Logs delivers it (base64 of gzip of JSON). No MONITORING line, so
 * priming collects no metrics.
 */
final class PrimingSample {
  private static final String[] MESSAGES = {
    "START RequestId: 6a0c3f3e-0000-4000-8000-000000000001 Version: $LATEST\\n",
    "2026-12-02T10:00:00.012Z\\t6a0c3f3e-0000-4000-8000-000000000001\\tINFO\\tloaded order 4711\\n",
    "{\\\"level\\\":\\\"INFO\\\",\\\"message\\\":\\\"order"
        + " served\\\",\\\"orderId\\\":4711,\\\"timings\\\":{\\\"db\\\":12.5}}\\n",
    "END RequestId: 6a0c3f3e-0000-4000-8000-000000000001\\n",
    "REPORT RequestId: 6a0c3f3e-0000-4000-8000-000000000001\\tDuration: 12.34 ms\\tBilled Duration:"
        + " 13 ms\\tMemory Size: 512 MB\\tMax Memory Used: 91 MB\\tInit Duration: 402.11 ms\\t\\n",
  };

  private PrimingSample() {}

  /** The Lambda event: {@code {"awslogs":{"data":"…"}}}. */
  static byte[] event() {
    StringBuilder json =
        new StringBuilder("{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"123456789012\",")
            .append(
                "\"logGroup\":\"/aws/lambda/noops-priming\",\"logStream\":\"2026/12/02/[$LATEST]priming\",")
            .append("\"subscriptionFilters\":[\"noops\"],\"logEvents\":[");
    for (int i = 0; i < MESSAGES.length; i++) {
      json.append(i == 0 ? "" : ",")
          .append("{\"id\":\"3719595")
          .append(i)
          .append("\",\"timestamp\":")
          .append(1_764_669_600_000L + i)
          .append(",\"message\":\"")
          .append(MESSAGES[i])
          .append("\"}");
    }
    json.append("]}");
    String data =
        Base64.getEncoder().encodeToString(gzip(json.toString().getBytes(StandardCharsets.UTF_8)));
    return ("{\"awslogs\":{\"data\":\"" + data + "\"}}").getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot gzip in memory", e);
    }
    return out.toByteArray();
  }
}
