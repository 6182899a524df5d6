package dev.noops.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonStringReaderTest {
  private static final JsonFactory JSON = Shipper.jsonFactory();

  /** Characters a log line holds, with every kind the reader treats apart. */
  private static final int[] POOL = {
    'a', 'Z', '0', ' ', '~', '/', '"', '\\', '\n', '\t', '\r', '\b', '\f', 0, 0x1f, 0x7f, 0xe9,
    0xff, 0x100, 0x7ff, 0x800, 0x4e2d, 0xfffd, 0x1f600, 0x10ffff
  };

  private final JsonStringReader reader = new JsonStringReader();

  @Test
  void random_strings_read_as_the_parser_reads_them_with_any_escaping() {
    Random random = new Random(42);
    for (int round = 0; round < 20_000; round++) {
      String text = randomText(random);
      String literal = random.nextBoolean() ? jacksonLiteral(text) : escapedLiteral(text, random);
      String padding = " ".repeat(random.nextInt(10));
      byte[] json =
          ("{\"m\":" + padding + literal + "," + padding + "\"n\":1}")
              .getBytes(StandardCharsets.UTF_8);
      int quote = ("{\"m\":" + padding).length();
      String read = reader.read(json, quote, json.length);
      assertThat(read).as("round %d: %s", round, visible(literal)).isEqualTo(text);
      assertThat(reader.next()).isEqualTo(quote + literal.getBytes(StandardCharsets.UTF_8).length);
      assertThat(read).isEqualTo(parsed(json));
    }
  }

  @Test
  void a_string_that_ends_the_input_reads_to_its_quote() {
    for (int length = 0; length < 40; length++) {
      String text = "x".repeat(length) + "é\t";
      byte[] json = jacksonLiteral(text).getBytes(StandardCharsets.UTF_8);
      assertThat(reader.read(json, 0, json.length)).isEqualTo(text);
      assertThat(reader.next()).isEqualTo(json.length);
    }
  }

  @Test
  void a_long_string_grows_the_buffer() {
    String text = "0123456789\\\"".repeat(50_000) + "ü".repeat(10_000);
    byte[] json = jacksonLiteral(text).getBytes(StandardCharsets.UTF_8);
    assertThat(reader.read(json, 0, json.length)).isEqualTo(text);
  }

  /** What the reader leaves to the parser: the parser's own value or error stays the answer. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"raw\u0001control\"",
        "\"a raw\ttab\"",
        "\"bad \\x escape\"",
        "\"lone \\ud800 high\"",
        "\"lone \\udc00 low\"",
        "\"high then text \\ud83dx\"",
        "\"short \\u12\"",
        "\"bad hex \\u12g4\"",
        "\"never ends",
        "\"ends in a backslash\\",
        "\"ends in an escape\\\""
      })
  void what_the_parser_must_read_answers_null(String literal) {
    byte[] json = literal.getBytes(StandardCharsets.UTF_8);
    assertThat(reader.read(json, 0, json.length)).isNull();
  }

  @Test
  void a_reader_reused_after_a_refusal_reads_the_next_string_whole() {
    byte[] bad = "\"12345678\u0001\"".getBytes(StandardCharsets.UTF_8);
    assertThat(reader.read(bad, 0, bad.length)).isNull();
    byte[] good = "\"abc\"".getBytes(StandardCharsets.UTF_8);
    assertThat(reader.read(good, 0, good.length)).isEqualTo("abc");
  }

  private static String randomText(Random random) {
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(4) == 0 ? random.nextInt(400) : random.nextInt(24);
    boolean asciiOnly = random.nextBoolean();
    for (int i = 0; i < length; i++) {
      int c;
      if (random.nextInt(3) > 0) {
        c = ' ' + random.nextInt(95); // mostly printable ASCII, as log lines are
      } else {
        c = POOL[random.nextInt(POOL.length)];
        if (asciiOnly && c >= 0x80) {
          c = 'q';
        }
      }
      text.appendCodePoint(c);
    }
    return text.toString();
  }

  /** The literal as Jackson's generator writes it. */
  private static String jacksonLiteral(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator generator = JSON.createGenerator(out)) {
      generator.writeString(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The literal with escapes JSON allows that Jackson does not write: any character as \\u. */
  private static String escapedLiteral(String text, Random random) {
    StringBuilder out = new StringBuilder("\"");
    boolean escapeLow = false; // a pair's halves are both escaped or both not
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean escape = c == '"' || c == '\\' || c < 0x20 || random.nextInt(8) == 0;
      if (Character.isHighSurrogate(c)) {
        escapeLow = escape;
      } else if (Character.isLowSurrogate(c)) {
        escape = escapeLow;
      }
      if (escape) {
        if (c == '/' && random.nextBoolean()) {
          out.append("\\/");
        } else {
          out.append(String.format(random.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
        }
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  /** The literal with its control characters and non-ASCII as {@code <hex>}, for a message. */
  private static String visible(String literal) {
    StringBuilder out = new StringBuilder();
    literal
        .codePoints()
        .forEach(
            c -> {
              if (c < 0x20 || c >= 0x7f) {
                out.append('<').append(Integer.toHexString(c)).append('>');
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.toString();
  }

  /** The value of {@code m} as Jackson reads it. */
  private static String parsed(byte[] json) {
    try (JsonParser parser = JSON.createParser(json)) {
      parser.nextToken();
      parser.nextToken();
      assertThat(parser.nextToken()).isEqualTo(JsonToken.VALUE_STRING);
      return parser.getText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
