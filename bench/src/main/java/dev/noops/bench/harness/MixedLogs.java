package dev.noops.bench.harness;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The one generator of the shipper's benchmark input (issue 12), deterministic for a seed:
 * CloudWatch Logs subscription envelopes ({@code {"awslogs":{"data":...}}}) of whole invocations,
 * about 33% Node.js text lines, 32% START/END/REPORT (INIT_START and Init Duration on each stream's
 * first invocation), 19% JSON application lines, 10% MONITORING lines, 3% errors with multi-line
 * stack traces and 2% XRAY lines. Request IDs, numbers and trace IDs are random (seeded), so the
 * payload compresses like real logs. The JMH benchmarks, the harness and {@code
 * bench/shipper-cpu.sh} all use it; it also writes the hostile "many tiny events" file.
 *
 * <pre>
 * MixedLogs DIR [SEED [ENVELOPES [EVENTS_PER_ENVELOPE]]]   → DIR/mixed-NN.json, prints a summary line
 * MixedLogs --tiny FILE EVENTS                            → one envelope of EVENTS tiny events
 * </pre>
 */
public final class MixedLogs {
  /** The seed of bench/run's figures. */
  public static final long DEFAULT_SEED = 20261202L;

  private static final long EPOCH =
      1_796_205_600_000L; // 2026-12-02T10:00:00Z: fixed, so a seed gives the same bytes
  private static final String LOG_GROUP = "/aws/lambda/orders-api";
  private static final String LOG_STREAM = "2026/12/02/[$LATEST]0123456789abcdef0123456789abcdef";
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

  /** A generator whose output depends on {@code seed} only. */
  public MixedLogs(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /**
   * One envelope, how many log events and bytes of log text (UTF-8 messages) it carries, and its
   * gzip size. A class, not a record: a record would compare the envelope array by identity.
   */
  public static final class Payload {
    private final byte[] envelope;
    private final int events;
    private final long textBytes;
    private final int compressedBytes;

    Payload(byte[] envelope, int events, long textBytes, int compressedBytes) {
      this.envelope = envelope;
      this.events = events;
      this.textBytes = textBytes;
      this.compressedBytes = compressedBytes;
    }

    /** The subscription envelope, as Lambda receives it. */
    public byte[] envelope() {
      return envelope;
    }

    /** Log events in the envelope. */
    public int events() {
      return events;
    }

    /** Bytes of log text (UTF-8 messages). */
    public long textBytes() {
      return textBytes;
    }

    /** Bytes of the gzip body before base64. */
    public int compressedBytes() {
      return compressedBytes;
    }
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

  /** {@code envelopes} files of {@code perEnvelope} events each, one log stream per file. */
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
      Payload payload = envelope("/aws/lambda/" + function, stream, stream(perEnvelope));
      Files.write(
          dir.resolve(String.format(Locale.ROOT, "mixed-%02d.json", n)), payload.envelope());
      events += payload.events();
      text += payload.textBytes();
      fileBytes += payload.envelope().length;
    }
    return new Summary(envelopes, events, text, fileBytes);
  }

  /** The kinds of line of the mix, as {@link #ofKind} selects them. */
  public static final List<String> KINDS =
      List.of("text", "platform", "json", "monitoring", "stack", "xray");

  /**
   * An envelope of {@code events} lines of one kind of the mix ({@link #KINDS}), in the order the
   * mix has them: what one kind of line costs the shipper.
   */
  public Payload ofKind(String kind, int events) {
    if (!KINDS.contains(kind)) {
      throw new IllegalArgumentException("kind must be one of " + KINDS + ": " + kind);
    }
    List<String> lines = new ArrayList<>(events);
    while (lines.size() < events) {
      for (String line : stream(1_000)) {
        if (lines.size() < events && kind(line).equals(kind)) {
          lines.add(line);
        }
      }
    }
    return envelope(LOG_GROUP, LOG_STREAM, lines);
  }

  /** The kind of a generated line. */
  static String kind(String line) {
    if (line.startsWith("{")) {
      return "json";
    }
    if (line.startsWith("START ")
        || line.startsWith("END ")
        || line.startsWith("REPORT ")
        || line.startsWith("INIT_START ")) {
      return "platform";
    }
    if (line.startsWith("XRAY ")) {
      return "xray";
    }
    if (line.contains("MONITORING|")) {
      return "monitoring";
    }
    return line.contains("\n    at ") ? "stack" : "text";
  }

  /** An envelope of exactly {@code events} events of one log stream of {@code orders-api}. */
  public Payload ofEvents(int events) {
    return envelope(LOG_GROUP, LOG_STREAM, stream(events));
  }

  /**
   * An envelope of whole invocations whose gzip body is at least {@code compressedBytes} (and at
   * most a flush interval more). Written straight into the gzip stream, so building it needs about
   * the compressed size in memory (the heap benchmark runs under a small -Xmx).
   */
  public Payload ofCompressedSize(int compressedBytes) {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream(compressedBytes + 64 * 1024);
    int count = 0;
    long text = 0;
    try (GZIPOutputStream gzip = new GZIPOutputStream(compressed, 64 * 1024, true)) {
      gzip.write(header(LOG_GROUP, LOG_STREAM));
      List<String> lines = new ArrayList<>(16);
      StringBuilder event = new StringBuilder(1024);
      int sinceFlush = 0;
      while (compressed.size() < compressedBytes) {
        lines.clear();
        invocation(lines, count == 0);
        for (int i = 0; i < lines.size(); i++) {
          event.setLength(0);
          appendEvent(event, count == 0, time - lines.size() + i, lines.get(i));
          gzip.write(event.toString().getBytes(StandardCharsets.UTF_8));
          text += lines.get(i).getBytes(StandardCharsets.UTF_8).length;
          count++;
        }
        sinceFlush += lines.size();
        if (sinceFlush >= 200) {
          gzip.flush(); // a sync flush: compressed.size() follows what was written
          sinceFlush = 0;
        }
      }
      gzip.write("]}".getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return payload(compressed.toByteArray(), count, text);
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
          "INIT_START Runtime Version: nodejs:20.v41\tRuntime Version ARN: "
              + "arn:aws:lambda:eu-west-1::runtime:"
              + hex(32)
              + "\n");
    }
    lines.add("START RequestId: " + request + " Version: $LATEST\n");
    int body = 5 + random.nextInt(3) + (random.nextInt(5) == 0 ? 1 : 0);
    for (int i = 0; i < body; i++) {
      int pick = random.nextInt(65);
      String iso = Instant.ofEpochMilli(time).toString();
      if (pick < 33) {
        lines.add(node(iso, request));
      } else if (pick < 52) {
        lines.add(json(iso, request));
      } else if (pick < 62) {
        lines.add(monitoring(iso, request));
      } else {
        lines.add(stackTrace(iso, request));
      }
      time += 1 + random.nextInt(20);
    }
    lines.add("END RequestId: " + request + "\n");
    lines.add(report(request, cold));
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

  private String monitoring(String iso, String request) {
    return iso
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
        + "\n";
  }

  private String report(String request, boolean cold) {
    return "REPORT RequestId: "
        + request
        + "\tDuration: "
        + random.nextInt(90_000) / 100.0
        + " ms\tBilled Duration: "
        + (1 + random.nextInt(900))
        + " ms\tMemory Size: 512 MB\tMax Memory Used: "
        + (80 + random.nextInt(100))
        + " MB\t"
        + (cold ? "Init Duration: " + random.nextInt(90_000) / 100.0 + " ms\t" : "")
        + "\n";
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
        + "\"function_name\":\"payments-worker\",\"function_memory_size\":512,"
        + "\"function_request_id\":\""
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
          + "\"Cannot read properties of undefined (reading 'id')\"}\n"
          + "TypeError: Cannot read properties of undefined (reading 'id')\n"
          + "    at Runtime.handler (/var/task/index.js:"
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

  private Payload envelope(String logGroup, String logStream, List<String> messages) {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream(messages.size() * 64);
    long text = 0;
    try (OutputStream gzip = new GZIPOutputStream(compressed, 64 * 1024)) {
      gzip.write(header(logGroup, logStream));
      StringBuilder event = new StringBuilder(1024);
      for (int i = 0; i < messages.size(); i++) {
        event.setLength(0);
        appendEvent(event, i == 0, time - messages.size() + i, messages.get(i));
        gzip.write(event.toString().getBytes(StandardCharsets.UTF_8));
        text += messages.get(i).getBytes(StandardCharsets.UTF_8).length;
      }
      gzip.write("]}".getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return payload(compressed.toByteArray(), messages.size(), text);
  }

  private void appendEvent(StringBuilder out, boolean first, long timestamp, String message) {
    out.append(first ? "" : ",")
        .append("{\"id\":\"")
        .append(id++)
        .append("\",\"timestamp\":")
        .append(timestamp)
        .append(",\"message\":\"");
    JsonStringEncoder.getInstance().quoteAsString(message, out);
    out.append("\"}");
  }

  private static Payload payload(byte[] gzip, int events, long textBytes) {
    byte[] envelope =
        ("{\"awslogs\":{\"data\":\"" + Base64.getEncoder().encodeToString(gzip) + "\"}}")
            .getBytes(StandardCharsets.US_ASCII);
    return new Payload(envelope, events, textBytes, gzip.length);
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
    ByteArrayOutputStream compressed = new ByteArrayOutputStream(2 * 1024 * 1024);
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
}
