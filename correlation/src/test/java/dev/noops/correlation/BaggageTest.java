package dev.noops.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.noops.testsupport.FakeContext;
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
    CorrelationIds ids =
        Correlation.capture(
            Map.of(
                "__context__",
                Map.of(
                    "x-correlation-id",
                    "corr-1",
                    "baggage",
                    " X-Correlation-Id = old ;prop , userId=alice;ttl=3, , bad\u00e9=1")),
            FakeContext.of("r"));

    assertThat(Baggage.forward(ids)).isEqualTo("x-correlation-id=corr-1,userId=alice;ttl=3,bad=1");
  }

  @Test
  void no_ids_and_no_incoming_baggage_make_an_empty_header() {
    assertThat(Baggage.forward(CorrelationIds.empty())).isEmpty();
  }

  private static CorrelationIds fromHeaders(Map<String, String> headers) {
    Map<String, Object> event = Events.load("aws-lambda-go__apigw-request.json");
    Events.map(event, "headers").putAll(headers);
    return Correlation.capture(event, FakeContext.of("req-1"));
  }

  @Test
  void incoming_baggage_members_named_x_correlation_are_read_as_ids_decoded() {
    CorrelationIds ids =
        fromHeaders(
            Map.of(
                "baggage",
                "userId=alice, X-Correlation-User-Id = jos%C3%A9%20d"
                    + " ;ttl=3,x-correlation-order-id=42,x-correlation-id=from-baggage"));

    assertThat(ids.get("x-correlation-user-id")).isEqualTo("jos\u00e9 d");
    assertThat(ids.get("x-correlation-order-id")).isEqualTo("42");
    assertThat(ids.correlationId()).isEqualTo("from-baggage");
    assertThat(ids.get("userid")).isNull();
    assertThat(ids.forwarded())
        .containsEntry("x-correlation-user-id", "jos\u00e9 d")
        .doesNotContainKey("userid");
  }

  @Test
  void a_header_wins_over_the_baggage_member_of_the_same_name() {
    CorrelationIds ids =
        fromHeaders(
            Map.of("x-correlation-id", "from-header", "baggage", "x-correlation-id=from-baggage"));

    assertThat(ids.correlationId()).isEqualTo("from-header");
  }

  @Test
  void broken_or_hostile_baggage_members_are_ignored() {
    CorrelationIds ids =
        fromHeaders(
            Map.of(
                "baggage",
                "x-correlation-a=%E9,x-correlation-b=%zz,x-correlation-c=%4,x-correlation-d=,"
                    + "x-correlation-e=ok%0D%0Ax-injected:1,"
                    + "x-correlation-context=packed,x-correlation-=empty,=x"));

    assertThat(ids.asMap().keySet())
        .filteredOn(name -> name.startsWith("x-correlation-") && !name.equals("x-correlation-id"))
        .containsExactly("x-correlation-e");
    // decoded control characters are removed like those of any other ID
    assertThat(ids.get("x-correlation-e")).isEqualTo("okx-injected:1");
  }

  @Test
  void only_the_first_180_members_are_read_and_the_20_id_cap_holds() {
    StringBuilder baggage = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      baggage.append(i < 180 ? "filler" : "x-correlation-late").append(i).append("=v,");
    }
    StringBuilder ids = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      ids.append("x-correlation-n").append(i).append("=v,");
    }

    assertThat(fromHeaders(Map.of("baggage", baggage.toString())).asMap().keySet())
        .noneMatch(n -> n.startsWith("x-correlation-late"));
    assertThat(fromHeaders(Map.of("baggage", ids.toString())).asMap().keySet())
        .filteredOn(n -> n.startsWith("x-correlation-"))
        .hasSize(CorrelationIds.MAX_CUSTOM_IDS);
  }
}
