package dev.noops.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The figures of a report line are read as {@link Double#parseDouble} reads them. */
class PlatformLinesTest {
  @Test
  void decimals_are_those_of_parse_double() {
    Random random = new Random(20261203);
    for (int i = 0; i < 200_000; i++) {
      StringBuilder number = new StringBuilder();
      for (int n = 1 + random.nextInt(random.nextBoolean() ? 6 : 24); n > 0; n--) {
        number.append((char) ('0' + random.nextInt(10)));
      }
      if (random.nextBoolean()) {
        number.append('.');
        for (int n = 1 + random.nextInt(random.nextBoolean() ? 4 : 26); n > 0; n--) {
          number.append((char) ('0' + random.nextInt(10)));
        }
      }
      String line = "Duration: " + number + " ms";
      int start = "Duration: ".length();
      assertThat(PlatformLines.decimal(line, start, start + number.length()))
          .as(number.toString())
          .isEqualTo(Double.parseDouble(number.toString()));
    }
  }

  @Test
  void edge_decimals_are_those_of_parse_double() {
    for (String number :
        new String[] {
          "0",
          "0.0",
          "000000000000000",
          "999999999999999",
          "9999999999999999",
          "0.1",
          "0.3",
          "198.50",
          "168.58",
          "1.0000000000000000000001",
          "123456789012345.6",
          "0.0000000000000000000001",
          "0.00000000000000000000001"
        }) {
      assertThat(PlatformLines.decimal(number, 0, number.length()))
          .as(number)
          .isEqualTo(Double.parseDouble(number));
    }
  }
}
