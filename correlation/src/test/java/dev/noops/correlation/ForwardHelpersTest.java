package dev.noops.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.noops.testsupport.FakeContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForwardHelpersTest {
  private static final Map<String, Object> EVENT =
      Map.of(
          "__context__",
          Map.of(
              "x-correlation-id",
              "corr-1",
              "x-correlation-user",
              "jos\u00e9",
              "call-chain-length",
              "2",
              "debug-log-enabled",
              "false",
              "traceparent",
              "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));

  private static <T> T during(java.util.function.Supplier<T> body) {
    return Correlation.handle(EVENT, FakeContext.of("req-1"), body);
  }

  @Test
  void http_headers_carry_the_forwarded_ids_in_printable_ascii() {
    assertThat(during(Correlation::httpHeaders))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "x-correlation-id",
                "corr-1",
                "x-correlation-user",
                "jos",
                "call-chain-length",
                "3",
                "debug-log-enabled",
                "false",
                "traceparent",
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
  }

  @Test
  void the_packed_context_is_a_json_object_of_the_forwarded_ids() {
    String packed = during(Correlation::packedContext);

    assertThat(Json.parse(packed))
        .isEqualTo(
            Map.of(
                "x-correlation-id",
                "corr-1",
                "x-correlation-user",
                "jos\u00e9",
                "call-chain-length",
                "3",
                "debug-log-enabled",
                "false",
                "traceparent",
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
  }

  @Test
  void message_attributes_are_one_packed_attribute() {
    Map<String, String> attributes = during(Correlation::messageAttributes);

    assertThat(attributes).containsOnlyKeys("x-correlation-context");
    assertThat(Json.parse(attributes.get("x-correlation-context")))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("x-correlation-id", "corr-1");
    assertThat(Correlation.messageAttributes()).isEmpty();
  }

  @Test
  void a_json_payload_gets_a_context_member_and_anything_else_is_left_alone() {
    assertThat(during(() -> Correlation.withContext("{\"order\":42}")))
        .startsWith("{\"__context__\":{\"x-correlation-id\":\"corr-1\"")
        .endsWith(",\"order\":42}");
    assertThat(during(() -> Correlation.withContext("Hello World"))).isEqualTo("Hello World");
    assertThat(during(() -> Correlation.withContext("[1]"))).isEqualTo("[1]");
    assertThat(during(() -> Correlation.withContext("{\"__context__\":{\"mine\":1}}")))
        .isEqualTo("{\"__context__\":{\"mine\":1}}");
    assertThat(Correlation.withContext("{\"order\":42}")).isEqualTo("{\"order\":42}");
  }

  @Test
  void a_payload_map_gets_the_context_first_unless_it_has_one() {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("order", 42);

    Map<String, Object> out = during(() -> Correlation.withContext(payload));

    assertThat(out.keySet()).containsExactly("__context__", "order");
    assertThat(during(() -> Correlation.withContext(Map.of("__context__", "mine"))))
        .containsEntry("__context__", "mine");
  }
}
