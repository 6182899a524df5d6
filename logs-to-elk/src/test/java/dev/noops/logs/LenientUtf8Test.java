package dev.noops.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LenientUtf8Test {
  @Test
  void well_formed_text_is_told_apart_from_what_the_stream_would_replace() {
    assertThat(wellFormed("plain ASCII, longer than one word of eight")).isTrue();
    assertThat(wellFormed("é, €, 𝄞 and 中文 after ASCII")).isTrue();
    assertThat(LenientUtf8.wellFormed(new byte[0], 0, 0)).isTrue();
    byte[] overlong = {'a', (byte) 0xC0, (byte) 0xAF};
    byte[] surrogate = {(byte) 0xED, (byte) 0xA0, (byte) 0x80};
    byte[] cutShort = "abcdefgh€".getBytes(StandardCharsets.UTF_8);
    assertThat(LenientUtf8.wellFormed(overlong, 0, overlong.length)).isFalse();
    assertThat(LenientUtf8.wellFormed(surrogate, 0, surrogate.length)).isFalse();
    assertThat(LenientUtf8.wellFormed(cutShort, 0, cutShort.length - 1)).isFalse();
    assertThat(LenientUtf8.wellFormed(cutShort, 0, 8)).isTrue(); // the range, not the array
  }

  @Test
  void well_formed_exactly_when_the_stream_passes_the_bytes_through_unchanged() throws IOException {
    SplittableRandom random = new SplittableRandom(12);
    byte[][] pieces = {
      "a".getBytes(StandardCharsets.UTF_8),
      "0123456789abcdef".getBytes(StandardCharsets.UTF_8),
      "é".getBytes(StandardCharsets.UTF_8),
      "€".getBytes(StandardCharsets.UTF_8),
      "𝄞".getBytes(StandardCharsets.UTF_8),
      {(byte) 0xFF},
      {(byte) 0x80},
      {(byte) 0xE2, (byte) 0x82},
      {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}
    };
    int illFormed = 0;
    for (int round = 0; round < 2_000; round++) {
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      for (int n = random.nextInt(1, 12); n > 0; n--) {
        byte[] piece = pieces[random.nextInt(round % 4 == 0 ? pieces.length : 5)];
        bytes.writeBytes(piece);
      }
      byte[] in = bytes.toByteArray();
      byte[] out = new LenientUtf8(new ByteArrayInputStream(in)).readAllBytes();
      boolean unchanged = java.util.Arrays.equals(in, out);
      illFormed += unchanged ? 0 : 1;
      assertThat(LenientUtf8.wellFormed(in, 0, in.length)).as("%s", hex(in)).isEqualTo(unchanged);
    }
    assertThat(illFormed).isPositive();
  }

  private static boolean wellFormed(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return LenientUtf8.wellFormed(bytes, 0, bytes.length);
  }

  private static String hex(byte[] bytes) {
    return java.util.HexFormat.of().formatHex(bytes);
  }
}
