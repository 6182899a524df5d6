package dev.noops.logs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads an invocation's input as a stream and hands each log event to a {@link PayloadSink}.
 *
 * <p>Accepted: a CloudWatch Logs subscription event ({@code {"awslogs":{"data":...}}}), a Kinesis
 * event whose records carry CloudWatch Logs payloads, or a decoded payload. Base64 is decoded by
 * the JSON parser straight into bytes and the gzip stream is parsed (as bytes) as it inflates, so
 * no full-size string of the payload ever exists; its events are handed on once the gzip trailer
 * (CRC-32, length) has been checked, so a corrupt payload is dead-lettered whole. Invalid UTF-8 is
 * replaced (U+FFFD, {@link LenientUtf8}) rather than rejected, so a line is never lost for one bad
 * byte; a payload inflated whole that is well-formed throughout is parsed from its bytes in place,
 * by {@link PayloadScanner} when it has CloudWatch Logs' own shape, else by the parser.
 */
final class PayloadDecoder {
  /**
   * What may follow a payload inside its gzip stream (whitespace, in practice) before it is
   * refused.
   */
  private static final int MAX_BYTES_AFTER_PAYLOAD = 64 * 1024;

  /**
   * The largest payload inflated whole into memory: 16 MB, or a sixteenth of the heap when that is
   * less (a 1 MB-compressed payload must still ship within a heap of 28 MB).
   */
  static final long IN_MEMORY_LIMIT =
      Math.min(16L * 1024 * 1024, Runtime.getRuntime().maxMemory() / 16);

  private final JsonFactory json;
  private final String region;
  private final long inMemoryLimit;

  /** Reused by every payload that fits {@link #inMemoryLimit}; grows to the largest seen. */
  private byte[] inflated = new byte[64 * 1024];

  /**
   * Reads the payloads of CloudWatch Logs' own shape from their bytes; null: the parser reads all.
   */
  private final PayloadScanner scanner;

  PayloadDecoder(JsonFactory json, String region) {
    this(json, region, IN_MEMORY_LIMIT);
  }

  PayloadDecoder(JsonFactory json, String region, long inMemoryLimit) {
    this(json, region, inMemoryLimit, new PayloadScanner());
  }

  PayloadDecoder(JsonFactory json, String region, long inMemoryLimit, PayloadScanner scanner) {
    this.json = json;
    this.region = region;
    this.inMemoryLimit = inMemoryLimit;
    this.scanner = scanner;
  }

  /** Decodes {@code input}; everything unreadable goes to {@link PayloadSink#invalid}. */
  void decode(byte[] input, PayloadSink sink) {
    try (JsonParser parser = json.createParser(input)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new InvalidInputException("the input is not a JSON object");
      }
      decodeTopLevel(parser, input, sink);
    } catch (InvalidInputException | IOException e) {
      sink.invalid(InvalidInput.of(reason(e), new String(input, StandardCharsets.UTF_8)));
    }
  }

  private void decodeTopLevel(JsonParser parser, byte[] input, PayloadSink sink)
      throws IOException {
    String first = parser.nextToken() == JsonToken.FIELD_NAME ? parser.currentName() : null;
    if (isWrapper(first)) {
      decodeWrapper(first, parser, input, sink);
      return;
    }
    // AWS writes the wrapper key first; anything else is found by scanning the top-level keys
    try (JsonParser scan = json.createParser(input)) {
      scan.nextToken();
      while (scan.nextToken() == JsonToken.FIELD_NAME) {
        String name = scan.currentName();
        if (isWrapper(name)) {
          decodeWrapper(name, scan, input, sink);
          return;
        }
        scan.nextToken();
        scan.skipChildren();
      }
    }
    try (JsonParser payload = json.createParser(input)) {
      new PayloadReader(payload, region, sink).read(); // a decoded payload (the CLI, sam local)
    }
  }

  private static boolean isWrapper(String key) {
    return "awslogs".equals(key) || "Records".equals(key);
  }

  private void decodeWrapper(String key, JsonParser parser, byte[] input, PayloadSink sink)
      throws IOException {
    if (key.equals("awslogs")) {
      decodeEnvelope(parser, input, sink);
    } else {
      decodeKinesis(parser, sink);
    }
  }

  private void decodeEnvelope(JsonParser parser, byte[] input, PayloadSink sink)
      throws IOException {
    expect(parser.nextToken() == JsonToken.START_OBJECT, "awslogs is not an object");
    boolean found = false;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      JsonToken value = parser.nextToken();
      if (parser.currentName().equals("data")) {
        expect(value == JsonToken.VALUE_STRING, "awslogs.data is not a string");
        byte[] plain = plainBase64(parser, input);
        if (plain != null) {
          decodePayloadOf(plain, sink);
        } else {
          decodeData(parser, sink);
        }
        found = true;
      } else {
        parser.skipChildren();
      }
    }
    expect(found, "awslogs.data is missing");
  }

  private void decodeKinesis(JsonParser parser, PayloadSink sink) throws IOException {
    expect(parser.nextToken() == JsonToken.START_ARRAY, "Records is not an array");
    while (parser.nextToken() == JsonToken.START_OBJECT) {
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        JsonToken value = parser.nextToken();
        if (parser.currentName().equals("kinesis") && value == JsonToken.START_OBJECT) {
          decodeKinesisRecord(parser, sink);
        } else {
          parser.skipChildren();
        }
      }
    }
  }

  private void decodeKinesisRecord(JsonParser parser, PayloadSink sink) throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      JsonToken value = parser.nextToken();
      if (parser.currentName().equals("data") && value == JsonToken.VALUE_STRING) {
        decodeData(parser, sink);
      } else {
        parser.skipChildren();
      }
    }
  }

  /** One base64(gzip(payload)) string; a bad one is dead-lettered alone and decoding goes on. */
  private void decodeData(JsonParser parser, PayloadSink sink) throws IOException {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try {
      parser.readBinaryValue(compressed);
    } catch (JsonEOFException e) {
      throw e; // the input ends inside the string: invalid JSON, not bad base64
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidInputException(
          "data is not base64"); // the parser's message would quote the data
    }
    decodePayloadOf(compressed.toByteArray(), sink);
  }

  /** A payload that is not sound is dead-lettered alone, with its data, and decoding goes on. */
  private void decodePayloadOf(byte[] compressed, PayloadSink sink) {
    try {
      decodePayload(compressed, sink);
    } catch (InvalidInputException | IOException e) {
      sink.invalid(InvalidInput.of(reason(e), Base64.getEncoder().encodeToString(compressed)));
    }
  }

  /**
   * The envelope's data decoded by the JDK's base64 decoder straight from {@code input}, where the
   * current string token starts, when it is plain padded base64 there (as CloudWatch Logs writes
   * it), else null: then the parser decodes it (escapes, whitespace) or refuses it, as before. The
   * string is taken to end at the input's last quote, AWS's shape; any other shape puts a quote or
   * other character in the span, which the decoder refuses. The parser later skips the string.
   */
  private static byte[] plainBase64(JsonParser parser, byte[] input) {
    long quote = parser.currentTokenLocation().getByteOffset();
    if (quote < 0 || quote >= input.length || input[(int) quote] != '"') {
      return null;
    }
    int start = (int) quote + 1;
    int end = input.length - 1;
    while (end >= start && input[end] != '"') {
      end--;
    }
    if (end < start || (end - start) % 4 != 0) {
      return null; // the parser decides: it requires padding
    }
    try {
      ByteBuffer decoded = Base64.getDecoder().decode(ByteBuffer.wrap(input, start, end - start));
      byte[] bytes = decoded.array();
      return decoded.limit() == bytes.length ? bytes : Arrays.copyOf(bytes, decoded.limit());
    } catch (IllegalArgumentException e) {
      return null; // not plain base64 up to that quote
    }
  }

  private void decodePayload(byte[] compressed, PayloadSink sink) throws IOException {
    expect(
        compressed.length >= 2 && (compressed[0] & 0xff) == 0x1f && (compressed[1] & 0xff) == 0x8b,
        "data is not gzip");
    int plain = inflateWhole(compressed);
    if (plain >= 0) {
      decodeInflated(plain, sink);
      return;
    }
    checkTrailer(compressed);
    try (InputStream gunzip = new GZIPInputStream(new ByteArrayInputStream(compressed), 16 * 1024);
        JsonParser payload = json.createParser(new LenientUtf8(gunzip))) {
      new PayloadReader(payload, region, sink).read();
      readToTrailer(gunzip);
    }
  }

  /**
   * Inflates a payload that fits {@link #inMemoryLimit} into the reused {@link #inflated} buffer in
   * one pass ({@link GZIPInputStream} checks the trailer's CRC-32 and length at its end, before any
   * event is handed on) and returns its length, or -1 when it is larger (then it is checked by one
   * inflation and parsed by a second, so memory stays bounded whatever it expands to). The
   * trailer's length field is the hint; a member that turns out longer falls back too.
   */
  private int inflateWhole(byte[] compressed) throws IOException {
    long hint = compressed.length < 18 ? 0 : trailerLength(compressed);
    if (hint >= inMemoryLimit) {
      return -1;
    }
    if (inflated.length < hint + 1) {
      inflated = new byte[(int) hint + 1];
    }
    int length = 0;
    try (InputStream gunzip =
        new GZIPInputStream(new ByteArrayInputStream(compressed), 16 * 1024)) {
      while (true) {
        if (length == inflated.length) {
          if (length >= inMemoryLimit) {
            return -1;
          }
          inflated = Arrays.copyOf(inflated, (int) Math.min(inMemoryLimit, 2L * length));
        }
        int n = gunzip.read(inflated, length, inflated.length - length);
        if (n < 0) {
          return length;
        }
        length += n;
      }
    }
  }

  /** ISIZE: the last 4 bytes of a gzip member, its uncompressed length mod 2^32 (little-endian). */
  private static long trailerLength(byte[] compressed) {
    int at = compressed.length - 4;
    return (compressed[at] & 0xffL)
        | (compressed[at + 1] & 0xffL) << 8
        | (compressed[at + 2] & 0xffL) << 16
        | (compressed[at + 3] & 0xffL) << 24;
  }

  private void decodeInflated(int length, PayloadSink sink) throws IOException {
    int end = length;
    while (end > 0 && isWhitespace(inflated[end - 1])) {
      end--;
    }
    expectBounded(length - end);
    boolean wellFormed = LenientUtf8.wellFormed(inflated, 0, length);
    if (wellFormed && scanner != null && scanner.scan(inflated, length)) {
      scanner.emit(region, sink);
      expectBounded(length - scanner.consumed());
      return;
    }
    try (JsonParser payload =
        wellFormed
            ? json.createParser(inflated, 0, length) // nothing to replace: read in place
            : json.createParser(new LenientUtf8(new ByteArrayInputStream(inflated, 0, length)))) {
      new PayloadReader(payload, region, sink).read();
      expectBounded(length - payload.currentLocation().getByteOffset());
    }
  }

  private static void expectBounded(long bytesAfterPayload) {
    expect(
        bytesAfterPayload <= MAX_BYTES_AFTER_PAYLOAD,
        "data holds more than the payload (over "
            + MAX_BYTES_AFTER_PAYLOAD
            + " bytes after its closing brace)");
  }

  /**
   * Inflates the payload once without parsing it, so that {@link GZIPInputStream} checks the CRC-32
   * and length of the trailer before any event ships: a corrupt payload is dead-lettered whole,
   * while the events of a sound one still stream to the sink one at a time (memory stays bounded).
   */
  private static void checkTrailer(byte[] compressed) throws IOException {
    byte[] chunk = new byte[16 * 1024];
    long trailingWhitespace = 0;
    try (InputStream gunzip =
        new GZIPInputStream(new ByteArrayInputStream(compressed), 16 * 1024)) {
      for (int n = gunzip.read(chunk); n >= 0; n = gunzip.read(chunk)) {
        int i = n - 1;
        while (i >= 0 && isWhitespace(chunk[i])) {
          i--;
        }
        trailingWhitespace = i < 0 ? trailingWhitespace + n : n - 1 - i;
      }
    }
    expectBounded(trailingWhitespace);
  }

  private static boolean isWhitespace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }

  /**
   * What follows the payload's closing brace is bounded too (the trailer itself was checked first).
   */
  private static void readToTrailer(InputStream gunzip) throws IOException {
    byte[] rest = new byte[8 * 1024];
    long after = 0;
    for (int n = gunzip.read(rest); n >= 0; n = gunzip.read(rest)) {
      after += n;
      expect(
          after <= MAX_BYTES_AFTER_PAYLOAD,
          "data holds more than the payload (over "
              + MAX_BYTES_AFTER_PAYLOAD
              + " bytes after its closing brace)");
    }
  }

  static void expect(boolean condition, String reason) {
    if (!condition) {
      throw new InvalidInputException(reason);
    }
  }

  /**
   * Why, without payload content: a JSON error names only where it happened, not the token it met.
   */
  private static String reason(Exception e) {
    if (e instanceof InvalidInputException) {
      return firstLine(e.getMessage());
    }
    if (e instanceof JsonProcessingException json && json.getLocation() != null) {
      return "invalid JSON at line "
          + json.getLocation().getLineNr()
          + ", column "
          + json.getLocation().getColumnNr();
    }
    if (e instanceof EOFException) {
      return "data's gzip stream is cut short (truncated)";
    }
    if (e instanceof ZipException) {
      String detail = firstLine(e.getMessage()).toLowerCase(Locale.ROOT);
      return detail.contains("trailer")
          ? "data's gzip checksum or length does not match its content (corrupt gzip trailer)"
          : "data's gzip stream is corrupt (" + detail + ")";
    }
    return "unreadable (" + firstLine(e.getMessage()) + ")";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no detail";
    }
    int end = message.indexOf('\n');
    String line = end < 0 ? message : message.substring(0, end);
    return line.length() > 300 ? line.substring(0, 300) : line;
  }
}
