package dev.noops.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The epoch and value fields are read without regexes; these are the grammars they must keep. */
class LineGrammarTest {
  private static final Pattern NUMBER =
      Pattern.compile("[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d{1,4})?");
  private static final Pattern EPOCH = Pattern.compile("\\d{1,16}(?:\\.\\d{1,9})?");
  private static final String ALPHABET = "0123456789.+-eE x٣N";

  @Test
  void epoch_and_value_accept_exactly_what_their_regexes_match() {
    SplittableRandom random = new SplittableRandom(3);
    int epochs = 0;
    int values = 0;
    for (int round = 0; round < 200_000; round++) {
      StringBuilder field = new StringBuilder();
      for (int n = random.nextInt(0, round % 10 == 0 ? 30 : 9); n > 0; n--) {
        field.append(
            ALPHABET.charAt(random.nextInt(random.nextBoolean() ? 10 : ALPHABET.length())));
      }
      String text = field.toString();
      boolean epoch = EPOCH.matcher(text).matches();
      assertThat(accepts(() -> LineGrammar.epoch(text))).as("epoch '%s'", text).isEqualTo(epoch);
      boolean value =
          NUMBER.matcher(text).matches()
              && LineGrammar.checkValue(Double.parseDouble(text)) == null;
      assertThat(accepts(() -> LineGrammar.value(text))).as("value '%s'", text).isEqualTo(value);
      epochs += epoch ? 1 : 0;
      values += value ? 1 : 0;
    }
    assertThat(epochs).isGreaterThan(1_000);
    assertThat(values).isGreaterThan(1_000);
  }

  @Test
  void edges_of_both_grammars() {
    for (String good : new String[] {"1", "1.", ".5", "-0.5e-12", "+7E12", "7e-0100", "5.e3"}) {
      assertThat(accepts(() -> LineGrammar.value(good))).as(good).isTrue();
    }
    for (String bad :
        new String[] {"", ".", "-", "1e", "1e12345", "NaN", "Infinity", "0x1p3", "1 "}) {
      assertThat(accepts(() -> LineGrammar.value(bad))).as(bad).isFalse();
    }
    for (String good :
        new String[] {"0", "1489795335", "1489795335.123456789", "1234567890123456"}) {
      assertThat(accepts(() -> LineGrammar.epoch(good))).as(good).isTrue();
    }
    for (String bad :
        new String[] {"", "12345678901234567", "1.", ".1", "1.1234567890", "-1", "1e3", "1.2.3"}) {
      assertThat(accepts(() -> LineGrammar.epoch(bad))).as(bad).isFalse();
    }
  }

  @Test
  void tags_keep_their_order_and_skip_empty_items() {
    MonitoringLine line = LineGrammar.parse("MONITORING|1|2|count|n|#a:1,,b,c:,d:x:y,");
    assertThat(line.tags())
        .containsExactly(
            java.util.Map.entry("a", "1"),
            java.util.Map.entry("b", ""),
            java.util.Map.entry("c", ""),
            java.util.Map.entry("d", "x:y"));
  }

  private static boolean accepts(Runnable read) {
    try {
      read.run();
      return true;
    } catch (MalformedMonitoringLineException e) {
      return false;
    }
  }
}
