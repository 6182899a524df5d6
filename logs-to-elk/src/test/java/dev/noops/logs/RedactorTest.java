package dev.noops.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cheap tests that let most lines skip a rule's regex never skip a line the regex would redact.
 */
class RedactorTest {

  @Test
  void every_rule_still_finds_its_match_in_any_case_and_position() {
    Redactor redactor = Redactor.of("all", null);
    assertThat(redactor.redact("a@b.io")).isEqualTo("[REDACTED:email]");
    assertThat(redactor.redact("4111111111111111")).isEqualTo("[REDACTED:card]");
    assertThat(redactor.redact("paid 5500-0000-0000-0004 / 4111 1111 1111 1111 ok"))
        .isEqualTo("paid [REDACTED:card] / [REDACTED:card] ok");
    assertThat(redactor.redact("id ASIAIOSFODNN7EXAMPLE.")).isEqualTo("id [REDACTED:aws_key].");
    assertThat(redactor.redact("BEARER abcdefgh12345678")).isEqualTo("BEARER [REDACTED:bearer]");
    assertThat(redactor.redact("x bEaReR abcdefgh12345678"))
        .isEqualTo("x bEaReR [REDACTED:bearer]");
    assertThat(redactor.redact("t=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln"))
        .isEqualTo("t=[REDACTED:jwt]");
    assertThat(redactor.drainCounts())
        .isEqualTo(Map.of("email", 1, "card", 3, "aws_key", 1, "bearer", 2, "jwt", 1));
  }

  @Test
  void lines_without_any_candidate_come_back_as_the_same_instance() {
    Redactor redactor = Redactor.of("all", null);
    String line = "2024-05-01T10:00:00.000Z\tr-1\tINFO\tcache hit for key session:0a1b2c ttl=30s";
    assertThat(redactor.redact(line)).isSameAs(line);
    assertThat(redactor.drainCounts()).isEmpty();
  }
}
