package dev.noops.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BaggageTest {
  @Test
  void values_outside_the_baggage_octets_are_percent_encoded() {
    assertThat(Baggage.encode("order-42")).isEqualTo("order-42");
    assertThat(Baggage.encode("100%")).isEqualTo("100%25");
    assertThat(Baggage.encode("a,b;c=d \"e\\")).isEqualTo("a%2Cb%3Bc=d%20%22e%5C");
    assertThat(Baggage.encode("\u00e9")).isEqualTo("%C3%A9");
  }

  @Test
  void incoming_members_with_properties_keep_them_and_ours_replace_theirs() {
    CorrelationIds ids = Correlation.capture(Map.of("__context__", Map.of("x-correlation-id", "corr-1",
        "baggage", " X-Correlation-Id = old ;prop , userId=alice;ttl=3, , bad\u00e9=1")), TestContext.of("r"));

    assertThat(Baggage.forward(ids)).isEqualTo("x-correlation-id=corr-1,userId=alice;ttl=3,bad=1");
  }

  @Test
  void no_ids_and_no_incoming_baggage_make_an_empty_header() {
    assertThat(Baggage.forward(CorrelationIds.empty())).isEmpty();
  }
}
