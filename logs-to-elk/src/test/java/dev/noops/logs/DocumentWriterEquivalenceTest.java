package dev.noops.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The byte-by-byte {@link DocumentWriter} writes exactly the bytes of the Jackson-generator writer
 * it replaced ({@link JacksonDocumentWriter}, kept as the reference) for random documents: every
 * field filled or not, strings of random UTF-16 (lone and paired surrogates, every control
 * character, quotes, backslashes, U+2028, 100,000 characters), doubles from random bits (NaN,
 * infinities, subnormals, -0.0), every number type of a JSON leaf, labels and metric tags with
 * hostile keys, timestamps of any year, contexts with absent parts, and dead letters.
 */
class DocumentWriterEquivalenceTest {
  private final SplittableRandom random = new SplittableRandom(1202);

  @Test
  void documents_are_byte_for_byte_those_of_the_jackson_writer() {
    for (JsonMapping mapping : JsonMapping.values()) {
      DocumentWriter writer = new DocumentWriter(new JsonFields(mapping));
      JacksonDocumentWriter reference =
          new JacksonDocumentWriter(Shipper.jsonFactory(), new JacksonJsonFields(mapping));
      LogContext context = context();
      for (int i = 0; i < 3_000; i++) {
        if (random.nextInt(50) == 0) {
          context = context();
        }
        LogDocument doc = document(context);
        same(reference.write(doc), writer.write(doc));
      }
    }
  }

  @Test
  void dead_letters_are_byte_for_byte_those_of_the_jackson_writer() {
    DocumentWriter writer = new DocumentWriter(new JsonFields(JsonMapping.KEY_VALUE));
    JacksonDocumentWriter reference =
        new JacksonDocumentWriter(
            Shipper.jsonFactory(), new JacksonJsonFields(JsonMapping.KEY_VALUE));
    for (int i = 0; i < 1_000; i++) {
      DeadLetter letter =
          new DeadLetter(
              orNull(text()),
              timestamp(),
              orNull(text()),
              orNull(text()),
              orNull(text()),
              random.nextInt(3) == 0 ? 0 : random.nextInt(-5, 600),
              random.nextBoolean() ? null : context());
      same(reference.writeDeadLetter(letter), writer.writeDeadLetter(letter));
    }
  }

  @Test
  void every_character_is_written_as_jackson_writes_it() {
    DocumentWriter writer = new DocumentWriter(new JsonFields(JsonMapping.KEY_VALUE));
    JacksonDocumentWriter reference =
        new JacksonDocumentWriter(
            Shipper.jsonFactory(), new JacksonJsonFields(JsonMapping.KEY_VALUE));
    LogContext context = context();
    StringBuilder all = new StringBuilder();
    for (int c = 0; c <= 0xFFFF; c++) {
      all.append((char) c);
    }
    all.appendCodePoint(0x1F600).appendCodePoint(0x10FFFF).append("\uDBFF\uDC00\uDC00\uD800");
    String text = all.toString();
    LogDocument.Builder builder = LogDocument.builder(context, new LogEvent(text, 0L, text));
    builder.labels = Map.of(text, text);
    builder.json = Map.of(text, text, "x", List.of(text, text));
    LogDocument doc = builder.build();
    same(reference.write(doc), writer.write(doc));
  }

  private static void same(byte[] expected, byte[] actual) {
    if (!java.util.Arrays.equals(expected, actual)) {
      int at = java.util.Arrays.mismatch(expected, actual);
      int from = Math.max(0, at - 40);
      assertThat(hex(actual, from, at + 40))
          .as("first difference at byte %d of %d", at, expected.length)
          .isEqualTo(hex(expected, from, at + 40));
    }
  }

  private static String hex(byte[] bytes, int from, int to) {
    int end = Math.min(bytes.length, to);
    return new String(bytes, from, Math.max(0, end - from), java.nio.charset.StandardCharsets.UTF_8)
        + " | "
        + HexFormat.of().formatHex(bytes, from, Math.max(from, end));
  }

  private LogContext context() {
    String group =
        switch (random.nextInt(4)) {
          case 0 -> "/aws/lambda/" + text();
          case 1 -> "/aws/lambda/orders";
          case 2 -> "/ecs/" + text();
          default -> text();
        };
    String stream =
        random.nextBoolean() ? "2026/12/02/[" + text() + "]abc" : "2026/12/02/[$LATEST]abc";
    return new LogContext(orNull("123456789012"), orNull("eu-west-1"), group, stream);
  }

  private LogDocument document(LogContext context) {
    LogDocument.Builder doc =
        LogDocument.builder(context, new LogEvent(text() + "-id", timestamp(), text()));
    doc.message = orNull(text());
    doc.level = orNull(text());
    doc.action =
        switch (random.nextInt(5)) {
          case 0 -> "report";
          case 1 -> "start";
          case 2 -> null;
          default -> orNull(text());
        };
    doc.requestId = orNull(text());
    doc.traceId = orNull(text());
    if (random.nextBoolean()) {
      doc.report =
          new LambdaReport(
              number(),
              number(),
              number(),
              number(),
              number(),
              number(),
              orNull(text()),
              orNull(text()));
    }
    if (random.nextInt(4) == 0) {
      Map<String, String> tags = new LinkedHashMap<>();
      for (int i = random.nextInt(4); i > 0; i--) {
        tags.put(text(), text());
      }
      doc.metric =
          new MetricFields(orNull(text()), randomDouble(), orNull(text()), orNull(text()), tags);
    }
    if (random.nextBoolean()) {
      Map<String, String> labels = new LinkedHashMap<>();
      for (int i = random.nextInt(4); i > 0; i--) {
        labels.put(text(), random.nextInt(10) == 0 ? null : text());
      }
      doc.labels = labels;
    }
    if (random.nextBoolean()) {
      Map<String, Object> json = new LinkedHashMap<>();
      for (int i = random.nextInt(12); i > 0; i--) {
        json.put(text(), leaf(true));
      }
      doc.json = json;
    }
    doc.errorType = orNull(text());
    doc.errorMessage = orNull(text());
    doc.stackTrace = orNull(text());
    doc.logger = orNull(text());
    doc.coldStart = random.nextBoolean();
    return doc.build();
  }

  private Object leaf(boolean lists) {
    return switch (random.nextInt(lists ? 14 : 13)) {
      case 0 -> random.nextInt();
      case 1 -> random.nextLong();
      case 2 -> (short) random.nextInt();
      case 3 -> randomDouble();
      case 4 -> (float) randomDouble();
      case 5 -> new BigInteger(random.nextInt(1, 200), new java.util.Random(random.nextLong()));
      case 6 ->
          new BigDecimal(
              new BigInteger(random.nextInt(1, 100), new java.util.Random(random.nextLong())),
              random.nextInt(-40, 40));
      case 7 -> random.nextBoolean();
      case 8 -> "y".repeat(JsonFields.MAX_INDEXED - 1 + random.nextInt(3));
      case 9 -> "z".repeat(JsonFields.MAX_PAIR - 3 + random.nextInt(6));
      case 13 -> {
        List<Object> items = new ArrayList<>();
        for (int i = random.nextInt(5); i > 0; i--) {
          items.add(leaf(random.nextInt(10) == 0));
        }
        yield items;
      }
      default -> text();
    };
  }

  private Double number() {
    return switch (random.nextInt(4)) {
      case 0 -> null;
      case 1 -> (double) random.nextInt(100_000);
      case 2 -> random.nextInt(100_000) / 100.0;
      default -> randomDouble();
    };
  }

  private double randomDouble() {
    return switch (random.nextInt(8)) {
      case 0 -> Double.NaN;
      case 1 -> random.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
      case 2 -> random.nextBoolean() ? -0.0 : 1e15;
      case 3 -> random.nextDouble() * 1e16;
      default -> Double.longBitsToDouble(random.nextLong());
    };
  }

  private long timestamp() {
    return switch (random.nextInt(5)) {
      case 0 -> random.nextLong();
      case 1 -> random.nextLong(-62_167_219_200_000L - 100_000, 253_402_300_799_999L + 100_000);
      default -> 1_700_000_000_000L + random.nextLong(200_000_000_000L);
    };
  }

  private String orNull(String value) {
    return random.nextInt(4) == 0 ? null : value;
  }

  /** Random UTF-16 text, from empty to 100,000 characters, weighted to what logs hold. */
  private String text() {
    int length =
        switch (random.nextInt(20)) {
          case 0 -> 0;
          case 1 -> random.nextInt(4_000, 100_000);
          case 2, 3 -> random.nextInt(300, 5_000);
          default -> random.nextInt(1, 40);
        };
    StringBuilder text = new StringBuilder(length);
    int mode = random.nextInt(5);
    while (text.length() < length) {
      int kind = mode == 0 ? 0 : random.nextInt(30);
      if (mode == 1 && kind < 6) { // ASCII, '?' and surrogates: read byte for byte as characters
        text.append(kind < 2 ? '?' : (char) random.nextInt(0xD800, 0xE000));
        continue;
      }
      switch (kind) {
        case 0 -> text.append((char) random.nextInt(0x10000)); // anything, lone surrogates too
        case 1 -> text.append((char) random.nextInt(0x20));
        case 2 -> text.append("\"\\/\u007f\u0080\u2028\u2029\uFEFF\uFFFF\uFFFD");
        case 3 -> text.appendCodePoint(random.nextInt(0x10000, 0x110000));
        case 4 -> text.append((char) random.nextInt(0xD800, 0xE000));
        case 5 -> text.append((char) random.nextInt(0x80, 0x800));
        default -> text.append((char) random.nextInt(0x20, 0x7f));
      }
    }
    return text.toString();
  }
}
