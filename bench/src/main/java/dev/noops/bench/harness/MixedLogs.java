package dev.noops.bench.harness;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The mixed Lambda input of issue 12, deterministic for a seed: envelopes of 2,500 events from one
 * log stream each, about 33% Node.js text lines, 32% START/END/REPORT (INIT_START and Init Duration
 * on each stream's first invocation), 19% JSON application lines, 10% MONITORING lines, 3% errors
 * with multi-line stack traces and 2% XRAY lines. Also writes the hostile "many tiny events" file.
 *
 * <pre>
 * MixedLogs DIR [SEED [ENVELOPES [EVENTS_PER_ENVELOPE]]]   → DIR/mixed-NN.json, prints a summary line
 * MixedLogs --tiny FILE EVENTS                            → one envelope of EVENTS tiny events
 * </pre>
 */
public final class MixedLogs {
  static final long DEFAULT_SEED = 20261202L;
  private static final long EPOCH =
      1_796_205_600_000L; // 2026-12-02T10:00:00Z: fixed, so a seed gives the same bytes
  private static final String[] FUNCTIONS = {
    "orders-api",
    "payments-worker",
    "stock-sync",
    "email-sender",
    "auth-authorizer",
    "reports-nightly",
    "search-indexer",
    "cart-service"
  };

  /**
   * The tiny events reuse this many ids (a retried payload does the same); unique ids would not
   * compress to a small file.
   */
  static final int TINY_IDS = 10;

  private final SplittableRandom random;
  private long id = 37_000_000_000_000_000L;
  private long time = EPOCH;

  MixedLogs(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** What a generated set holds. */
  record Summary(int files, long events, long textBytes, long fileBytes) {
    String line(long seed) {
      return String.format(
          Locale.ROOT,
          "seed=%d files=%d events=%d text_bytes=%d file_bytes=%d",
          seed,
          files,
          events,
          textBytes,
          fileBytes);
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length >= 1 && args[0].equals("--tiny")) {
      long bytes = tiny(Path.of(args[1]), Integer.parseInt(args[2]));
      System.out.println("tiny events=" + args[2] + " file_bytes=" + bytes);
      return;
    }
    long seed = args.length > 1 ? Long.parseLong(args[1]) : DEFAULT_SEED;
    int envelopes = args.length > 2 ? Integer.parseInt(args[2]) : 40;
    int perEnvelope = args.length > 3 ? Integer.parseInt(args[3]) : 2500;
    System.out.println(
        new MixedLogs(seed).write(Path.of(args[0]), envelopes, perEnvelope).line(seed));
  }

  Summary write(Path dir, int envelopes, int perEnvelope) throws IOException {
    Files.createDirectories(dir);
    long events = 0;
    long text = 0;
    long fileBytes = 0;
    for (int n = 0; n < envelopes; n++) {
      String function = FUNCTIONS[n % FUNCTIONS.length];
      String stream =
          String.format(
              Locale.ROOT,
              "2026/12/02/[%s]%032x",
              n % 3 == 0 ? "$LATEST" : "7",
              (long) n * 7919 + 1);
      List<String> messages = stream(perEnvelope);
      byte[] envelope = envelope("/aws/lambda/" + function, stream, messages);
      Files.write(dir.resolve(String.format(Locale.ROOT, "mixed-%02d.json", n)), envelope);
      events += messages.size();
      for (String message : messages) {
        text += message.getBytes(StandardCharsets.UTF_8).length;
      }
      fileBytes += envelope.length;
    }
    return new Summary(envelopes, events, text, fileBytes);
  }

  /** Exactly {@code count} events of one log stream, whole invocations except perhaps the last. */
  List<String> stream(int count) {
    List<String> lines = new ArrayList<>(count + 16);
    boolean first = true;
    while (lines.size() < count) {
      invocation(lines, first);
      first = false;
    }
    return new ArrayList<>(lines.subList(0, count));
  }

  private void invocation(List<String> lines, boolean cold) {
    String request = new UUID(random.nextLong(), random.nextLong()).toString();
    if (cold) {
      lines.add(
          "INIT_START Runtime Version: nodejs:20.v41\tRuntime Version ARN: arn:aws:lambda:eu-west-1::runtime:"
              + hex(32)
              + "\n");
    }
    lines.add("START RequestId: " + request + " Version: $LATEST\n");
    int body = 5 + random.nextInt(3) + (random.nextInt(5) == 0 ? 1 : 0);
    for (int i = 0; i < body; i++) {
      int pick = random.nextInt(65);
      String iso = java.time.Instant.ofEpochMilli(time).toString();
      if (pick < 33) {
        lines.add(node(iso, request));
      } else if (pick < 52) {
        lines.add(json(iso, request));
      } else if (pick < 62) {
        lines.add(
            iso
                + "\t"
                + request
                + "\tINFO\tMONITORING|"
                + time / 1000
                + "|"
                + random.nextInt(500)
                + "|"
                + (random.nextBoolean()
                    ? "latency|downstream-latency|#service:stock,region:eu-west-1"
                    : "count|orders-placed|#channel:web")
                + "\n");
      } else {
        lines.add(stackTrace(iso, request));
      }
      time += 1 + random.nextInt(20);
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
            + " MB\t"
            + (cold ? "Init Duration: " + random.nextInt(90_000) / 100.0 + " ms\t" : "")
            + "\n");
    if (random.nextInt(5) == 0) {
      lines.add(
          "XRAY TraceId: 1-"
              + Long.toHexString(time / 1000)
              + "-"
              + hex(24)
              + "\tSegmentId: "
              + hex(16)
              + "\tSampled: true\n");
    }
    time += 50 + random.nextInt(2000);
  }

  private String node(String iso, String request) {
    return switch (random.nextInt(4)) {
      case 0 ->
          iso
              + "\t"
              + request
              + "\tINFO\tprocessing order o-"
              + random.nextInt(1_000_000)
              + " for customer c-"
              + random.nextInt(50_000)
              + " with "
              + (1 + random.nextInt(9))
              + " items, total "
              + random.nextInt(100_000) / 100.0
              + " EUR\n";
      case 1 ->
          iso
              + "\t"
              + request
              + "\tINFO\tfetched "
              + random.nextInt(200)
              + " items from table orders-"
              + random.nextInt(9)
              + " in "
              + random.nextInt(400)
              + " ms (consumed capacity "
              + random.nextInt(50) / 2.0
              + ")\n";
      case 2 ->
          iso
              + "\t"
              + request
              + "\tWARN\tretrying call to https://api.example.com/v1/stock/sku-"
              + random.nextInt(100_000)
              + " after 429 Too Many Requests (attempt "
              + (1 + random.nextInt(3))
              + ")\n";
      default ->
          iso
              + "\t"
              + request
              + "\tDEBUG\tcache "
              + (random.nextBoolean() ? "hit" : "miss")
              + " for key session:"
              + hex(20)
              + " ttl="
              + random.nextInt(3600)
              + "s\n";
    };
  }

  private String json(String iso, String request) {
    return "{\"level\":\""
        + (random.nextInt(10) == 0 ? "WARN" : "INFO")
        + "\",\"location\":\"handler:"
        + random.nextInt(200)
        + "\",\"message\":\"payment authorised\",\"timestamp\":\""
        + iso
        + "\",\"service\":\"payments\",\"cold_start\":false,"
        + "\"function_name\":\"payments-worker\",\"function_memory_size\":512,\"function_request_id\":\""
        + request
        + "\",\"x-correlation-id\":\""
        + hex(16)
        + "\",\"amount\":"
        + random.nextInt(100_000) / 100.0
        + ",\"order\":{\"id\":\"o-"
        + random.nextInt(1_000_000)
        + "\",\"items\":"
        + random.nextInt(9)
        + ",\"express\":"
        + random.nextBoolean()
        + "},\"region\":\"eu-west-1\",\"env\":\"prod\",\"tags\":[\"eu\",\"web\"]}\n";
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
    return iso
        + "\t"
        + request
        + "\tERROR\tError: connect ETIMEDOUT 10.0."
        + random.nextInt(255)
        + "."
        + random.nextInt(255)
        + ":5432\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1595:16)\n"
        + "    at Pool.connect (/var/task/node_modules/pg-pool/index.js:"
        + random.nextInt(400)
        + ":11)\n"
        + "    at async Repository.save (/var/task/src/repository.js:"
        + random.nextInt(200)
        + ":5)\n";
  }

  private String hex(int digits) {
    StringBuilder out = new StringBuilder(digits);
    while (out.length() < digits) {
      out.append(Character.forDigit(random.nextInt(16), 16));
    }
    return out.toString();
  }

  private byte[] envelope(String logGroup, String logStream, List<String> messages)
      throws IOException {
    java.io.ByteArrayOutputStream compressed =
        new java.io.ByteArrayOutputStream(messages.size() * 64);
    try (OutputStream gzip = new GZIPOutputStream(compressed, 64 * 1024)) {
      gzip.write(header(logGroup, logStream));
      StringBuilder event = new StringBuilder(1024);
      for (int i = 0; i < messages.size(); i++) {
        event.setLength(0);
        event
            .append(i == 0 ? "" : ",")
            .append("{\"id\":\"")
            .append(id++)
            .append("\",\"timestamp\":")
            .append(time - messages.size() + i)
            .append(",\"message\":");
        quote(event, messages.get(i));
        gzip.write(event.append('}').toString().getBytes(StandardCharsets.UTF_8));
      }
      gzip.write("]}".getBytes(StandardCharsets.UTF_8));
    }
    return ("{\"awslogs\":{\"data\":\""
            + Base64.getEncoder().encodeToString(compressed.toByteArray())
            + "\"}}")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] header(String logGroup, String logStream) {
    return ("{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"123456789012\",\"logGroup\":\""
            + logGroup
            + "\",\"logStream\":\""
            + logStream
            + "\",\"subscriptionFilters\":[\"noops\"],\"logEvents\":[")
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * One envelope of {@code count} one-character events, compressed at the best level: a small file
   * (about 1.5 MB for 7 million events) whose output is hundreds of MB. Written as a stream.
   */
  static long tiny(Path file, int count) throws IOException {
    java.io.ByteArrayOutputStream compressed = new java.io.ByteArrayOutputStream(2 * 1024 * 1024);
    try (OutputStream gzip =
        new GZIPOutputStream(compressed, 64 * 1024) {
          {
            def.setLevel(Deflater.BEST_COMPRESSION);
          }
        }) {
      gzip.write(
          header("/aws/lambda/tiny", "2026/12/02/[$LATEST]0000000000000000000000000000tiny"));
      StringBuilder next = new StringBuilder(64);
      for (int i = 0; i < count; i++) {
        next.setLength(0);
        next.append(i == 0 ? "" : ",")
            .append("{\"id\":\"")
            .append(i % TINY_IDS)
            .append("\",\"timestamp\":1796205600000,\"message\":\"x\"}");
        gzip.write(next.toString().getBytes(StandardCharsets.US_ASCII));
      }
      gzip.write("]}".getBytes(StandardCharsets.US_ASCII));
    }
    byte[] envelope =
        ("{\"awslogs\":{\"data\":\""
                + Base64.getEncoder().encodeToString(compressed.toByteArray())
                + "\"}}")
            .getBytes(StandardCharsets.US_ASCII);
    Files.write(file, envelope);
    return envelope.length;
  }

  private static void quote(StringBuilder out, String text) {
    JsonStringEncoder.getInstance().quoteAsString(text, out.append('"'));
    out.append('"');
  }
}
