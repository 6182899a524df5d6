package dev.noops.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every timestamp is written whole, as {@link DocumentWriter#TIMESTAMP} writes it. */
class TimestampsTest {
  private final Timestamps timestamps = new Timestamps();

  @ParameterizedTest
  @ValueSource(
      longs = {
        0L,
        1_796_205_600_123L,
        -1L,
        -62_135_596_800_000L, // 0001-01-01T00:00:00.000Z
        -62_167_219_200_001L, // the millisecond before: year -1
        253_402_300_799_999L, // 9999-12-31T23:59:59.999Z
        253_402_300_800_000L, // +10000-01-01T00:00:00.000Z, longer than 24 characters
        Long.MAX_VALUE,
        Long.MIN_VALUE
      })
  void writes_what_the_formatter_writes(long millis) {
    byte[] out = new byte[Timestamps.MAX_LENGTH];
    timestamps.format(1_796_205_600_000L, out); // a cached day must not leak into the next one
    int length = timestamps.format(millis, out);
    assertThat(new String(out, 0, length, StandardCharsets.US_ASCII))
        .isEqualTo(DocumentWriter.TIMESTAMP.format(Instant.ofEpochMilli(millis)));
  }
}
