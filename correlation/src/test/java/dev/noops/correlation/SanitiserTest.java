package dev.noops.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SanitiserTest {
  @Test
  void names_are_lower_cased_tokens_or_rejected() {
    assertThat(Sanitiser.name("X-Correlation-Id")).isEqualTo("x-correlation-id");
    assertThat(Sanitiser.name("x-correlation-a b")).isNull();
    assertThat(Sanitiser.name("x-correlation-\u00e9")).isNull();
    assertThat(Sanitiser.name("x".repeat(Sanitiser.MAX_NAME_CHARS + 1))).isNull();
    assertThat(Sanitiser.name("")).isNull();
  }

  @Test
  void values_lose_control_characters_and_surrounding_space() {
    assertThat(Sanitiser.value(" a\r\nb\u0000c\u007f\u0085d\u2028\u2029 ")).isEqualTo("abcd");
    assertThat(Sanitiser.value("caf\u00e9 \uD83D\uDE00")).isEqualTo("caf\u00e9 \uD83D\uDE00");
    assertThat(Sanitiser.value("\r\n\t ")).isNull();
    assertThat(Sanitiser.value(null)).isNull();
  }

  @Test
  void a_cut_never_splits_a_surrogate_pair() {
    String value = "a".repeat(Sanitiser.MAX_VALUE_CHARS - 1) + "\uD83D\uDE00";

    assertThat(Sanitiser.value(value)).hasSize(Sanitiser.MAX_VALUE_CHARS - 1);
  }

  @Test
  void a_huge_value_made_mostly_of_control_characters_is_still_capped() {
    String value = "\n".repeat(10_000) + "y".repeat(10_000);

    assertThat(Sanitiser.value(value)).isNull();
    assertThat(Sanitiser.value("z" + value)).isEqualTo("z");
  }

  @Test
  void header_values_keep_printable_ascii_only() {
    assertThat(Sanitiser.headerValue("caf\u00e9-42")).isEqualTo("caf-42");
    assertThat(Sanitiser.headerValue("plain")).isEqualTo("plain");
  }

  @Test
  void the_sample_rate_is_read_from_the_environment_variable() {
    // surefire sets NOOPS_DEBUG_SAMPLE_RATE=0 (see pom.xml)
    assertThat(DebugSampler.fromEnvironment().rate()).isEqualTo(0.0);
  }

  @Test
  void the_sample_rate_comes_from_the_environment_text_or_the_default() {
    assertThat(DebugSampler.parseRate(null)).isEqualTo(0.01);
    assertThat(DebugSampler.parseRate(" 0.25 ")).isEqualTo(0.25);
    assertThat(DebugSampler.parseRate("1")).isEqualTo(1.0);
    assertThat(DebugSampler.parseRate("1.5")).isEqualTo(0.01);
    assertThat(DebugSampler.parseRate("-0.1")).isEqualTo(0.01);
    assertThat(DebugSampler.parseRate("NaN")).isEqualTo(0.01);
    assertThat(DebugSampler.parseRate("lots")).isEqualTo(0.01);
    assertThat(new DebugSampler(0).sample()).isFalse();
    assertThat(new DebugSampler(1).sample()).isTrue();
  }
}
