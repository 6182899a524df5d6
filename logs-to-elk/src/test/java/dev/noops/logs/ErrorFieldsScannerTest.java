package dev.noops.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written scanners of {@link ErrorFields} answer exactly as the regexes they replace. */
class ErrorFieldsScannerTest {
  private static final Pattern JAVA_FRAME = Pattern.compile("^\\s+at \\S", Pattern.MULTILINE);
  private static final Pattern LOG4J2_LOGGER = Pattern.compile("^([A-Za-z_$][\\w.$]{0,200}) - ");
  private static final String ALPHABET = " \t\n\r\u000b\f\u0085\u2028\u2029atxA0._$-é";

  @Test
  void the_java_frame_scanner_agrees_with_the_regex_on_random_text() {
    Random random = new Random(12);
    for (int i = 0; i < 200_000; i++) {
      String text = random(random, 1 + random.nextInt(12));
      assertThat(ErrorFields.hasJavaFrame(text))
          .as("%s", text.chars().mapToObj(c -> String.format("%04x", c)).toList())
          .isEqualTo(JAVA_FRAME.matcher(text).find());
    }
  }

  @Test
  void the_java_frame_scanner_finds_real_frames() {
    assertThat(ErrorFields.hasJavaFrame("java.lang.IllegalStateException: x\n\tat a.B.c(B.java:1)"))
        .isTrue();
    assertThat(ErrorFields.hasJavaFrame("x\r\nat a.B")).isFalse();
    assertThat(ErrorFields.hasJavaFrame("x\r\n at a.B")).isTrue();
    assertThat(ErrorFields.hasJavaFrame("look at that")).isFalse();
  }

  @Test
  void the_logger_scanner_agrees_with_the_regex_on_random_text() {
    Random random = new Random(13);
    for (int i = 0; i < 200_000; i++) {
      String text = random(random, random.nextInt(10));
      Matcher matcher = LOG4J2_LOGGER.matcher(text);
      assertThat(ErrorFields.log4j2Logger(text))
          .as(text)
          .isEqualTo(matcher.find() ? matcher.group(1) : null);
    }
    String name = "a".repeat(200);
    for (String text : new String[] {name + " - m", name + "a - m", "com.example.App - started"}) {
      Matcher matcher = LOG4J2_LOGGER.matcher(text);
      assertThat(ErrorFields.log4j2Logger(text))
          .isEqualTo(matcher.find() ? matcher.group(1) : null);
    }
  }

  private static String random(Random random, int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return text.toString();
  }
}
