package dev.noops.lambda.logging;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;

/**
 * Each line against what logback's {@code JsonEncoder}, configured as the functions configured it
 * before, writes for the same event: random and hostile text, MDC, key-value pairs, throwables with
 * causes, suppressed ones and cycles.
 */
class JsonLineTest {
  private static final LoggerContext CONTEXT = new LoggerContext();
  private static final JsonEncoder LOGBACK = encoder();
  private static final List<Level> LEVELS =
      List.of(Level.ERROR, Level.WARN, Level.INFO, Level.DEBUG, Level.TRACE);

  @Test
  void writes_what_logback_wrote_for_random_hostile_text() throws Exception {
    Random random = new Random(20261202);
    for (int i = 0; i < 2_000; i++) {
      Map<String, String> mdc = new LinkedHashMap<>();
      for (int m = random.nextInt(3); m > 0; m--) {
        mdc.put(name(random), text(random));
      }
      List<KeyValuePair> pairs = new ArrayList<>();
      for (int k = random.nextInt(3); k > 0; k--) {
        pairs.add(new KeyValuePair(name(random), random.nextBoolean() ? text(random) : i));
      }
      String message = random.nextInt(20) == 0 ? null : text(random);
      Throwable thrown = random.nextInt(4) == 0 ? thrown(random) : null;
      Level level = LEVELS.get(random.nextInt(LEVELS.size()));

      String ours =
          JsonLine.render(1_796_233_836_319L + i, level, name(random), mdc, pairs, message, thrown);

      String theirs = logback(ours, level, mdc, pairs, message, thrown);

      // compared as the bytes written (a lone surrogate is '?' in UTF-8 either way)
      String written = new String(ours.getBytes(UTF_8), UTF_8);
      assertThat(written).as(() -> firstDifference(written, theirs)).isEqualTo(theirs);
      new ObjectMapper().readTree(ours); // and it is JSON
      assertThat(ours).endsWith("}\n").doesNotContain("\r").hasLineCount(1);
    }
  }

  @Test
  void escapes_names_too_where_logback_wrote_them_raw() throws Exception {
    // logback escaped values only: a logger name or MDC key with a quote or a line break broke
    // its line; here every string is escaped, so the line stays one JSON object
    String line =
        JsonLine.render(
            1L,
            Level.INFO,
            "odd\"name\n",
            Map.of("key\"\r", "v"),
            List.of(new KeyValuePair("k\"", "v")),
            "m",
            null);

    var json = new ObjectMapper().readTree(line);
    assertThat(json.get("loggerName").asText()).isEqualTo("odd\"name\n");
    assertThat(json.at("/mdc").get("key\"\r").asText()).isEqualTo("v");
    assertThat(json.at("/kvpList/0").get("k\"").asText()).isEqualTo("v");
    assertThat(line).hasLineCount(1);
  }

  @Test
  void writes_a_cause_cycle_once() throws Exception {
    RuntimeException a = new RuntimeException("a");
    IllegalStateException b = new IllegalStateException("b", a);
    a.initCause(b);
    a.addSuppressed(b);

    String line = JsonLine.render(1L, Level.ERROR, "x", Map.of(), List.of(), "cycle", a);

    assertThat(new ObjectMapper().readTree(line).at("/throwable/cause/className").asText())
        .isEqualTo(IllegalStateException.class.getName());
    assertThat(line).containsOnlyOnce("\"message\":\"b\"");
  }

  private static String logback(
      String ours,
      Level level,
      Map<String, String> mdc,
      List<KeyValuePair> pairs,
      String message,
      Throwable thrown) {
    String loggerName = ours.substring(ours.indexOf("\"loggerName\":\"") + 14);
    loggerName = unescape(loggerName.substring(0, loggerName.indexOf("\",\"mdc\"")));
    LoggingEvent event =
        new LoggingEvent(
            JsonLineTest.class.getName(),
            CONTEXT.getLogger(loggerName),
            ch.qos.logback.classic.Level.convertAnSLF4JLevel(level),
            message,
            thrown,
            null);
    long timestamp = Long.parseLong(ours.substring(13, ours.indexOf(',')));
    event.setTimeStamp(timestamp);
    event.setMDCPropertyMap(mdc);
    pairs.forEach(event::addKeyValuePair);
    return new String(LOGBACK.encode(event), UTF_8);
  }

  private static String firstDifference(String ours, String theirs) {
    int at = 0;
    while (at < Math.min(ours.length(), theirs.length()) && ours.charAt(at) == theirs.charAt(at)) {
      at++;
    }
    int from = Math.max(0, at - 60);
    return "first difference at "
        + at
        + ": ours ..."
        + ours.substring(from, Math.min(ours.length(), at + 60)).replace("\n", "\\n")
        + " | logback ..."
        + theirs.substring(from, Math.min(theirs.length(), at + 60)).replace("\n", "\\n");
  }

  private static String unescape(String json) {
    try {
      return new ObjectMapper().readValue("\"" + json + "\"", String.class);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Throwable thrown(Random random) {
    Throwable low =
        random.nextBoolean() ? new Error(text(random)) : new RuntimeException((String) null);
    Throwable top = new IllegalStateException(text(random), random.nextBoolean() ? low : null);
    if (random.nextInt(3) == 0) {
      top.addSuppressed(new Exception(text(random)));
    }
    return top;
  }

  /** A logger name or key: logback wrote those unescaped, so they are compared on safe text. */
  private static String name(Random random) {
    String alphabet = "abcXYZ._-$0189";
    StringBuilder name = new StringBuilder();
    for (int n = 1 + random.nextInt(16); n > 0; n--) {
      name.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return name.toString();
  }

  /** Mostly printable text with quotes, slashes, control characters, non-ASCII and surrogates. */
  private static String text(Random random) {
    String alphabet = "ab /\\\"{}\n\r\t\b\f\u0000\u0001\u001f\u007f é€\ud83d\ude00\ud800";
    StringBuilder text = new StringBuilder();
    for (int n = random.nextInt(24); n > 0; n--) {
      text.append(
          random.nextBoolean()
              ? alphabet.charAt(random.nextInt(alphabet.length()))
              : (char) (0x20 + random.nextInt(0x5f)));
    }
    return text.toString();
  }

  private static JsonEncoder encoder() {
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(CONTEXT);
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    encoder.setWithContext(false);
    encoder.setWithThreadName(false);
    encoder.setWithMessage(false);
    encoder.setWithArguments(false);
    encoder.setWithFormattedMessage(true);
    encoder.start();
    return encoder;
  }
}
