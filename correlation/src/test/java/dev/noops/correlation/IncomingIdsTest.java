package dev.noops.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IncomingIdsTest {
  @Test
  void a_remembered_name_gives_the_same_answer_as_the_first_time() {
    for (int i = 0; i < 2; i++) {
      assertThat(IncomingIds.capturedName("X-Correlation-Id")).isEqualTo("x-correlation-id");
      assertThat(IncomingIds.capturedName("Call-Chain-Length")).isEqualTo("call-chain-length");
      assertThat(IncomingIds.capturedName("X-Forwarded-For")).isNull();
      assertThat(IncomingIds.capturedName("x-correlation-context")).isNull();
      assertThat(IncomingIds.capturedName("x-correlation-a b")).isNull();
      assertThat(IncomingIds.capturedName("x-correlation-")).isNull();
    }
  }

  @Test
  void a_flood_of_made_up_names_does_not_keep_real_ids_from_being_captured() {
    for (int i = 0; i < IncomingIds.MAX_REMEMBERED_NAMES * 4; i++) {
      IncomingIds.capturedName("X-Junk-" + i);
      IncomingIds.capturedName("x-correlation-made-up-" + i);
    }
    assertThat(IncomingIds.rememberedNames()).isLessThanOrEqualTo(IncomingIds.MAX_REMEMBERED_NAMES);
    IncomingIds ids = new IncomingIds();

    assertThat(ids.offer("X-Correlation-Order-Id", "42")).isTrue();
    assertThat(ids.offer("x-correlation-order-id", "43")).isFalse();
    assertThat(ids.toMap()).containsExactly(java.util.Map.entry("x-correlation-order-id", "42"));
  }
}
