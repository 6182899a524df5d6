package dev.noops.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpCaptureTest {
  private final Capture capture = new Capture(new DebugSampler(0));

  private CorrelationIds capture(Map<String, Object> event) {
    return capture.capture(event, "aws-req-1", null).invocation();
  }

  @Test
  void rest_api_event_without_ids_uses_the_api_gateway_request_id() {
    CorrelationIds ids = capture(Events.load("aws-lambda-go__apigw-request.json"));

    assertThat(ids.asMap())
        .containsExactly(
            Map.entry("x-correlation-id", "deef4878-7910-11e6-8f14-25afc3e9ae33"),
            Map.entry("awsRequestId", "aws-req-1"),
            Map.entry("call-chain-length", "1"),
            Map.entry("debug-log-enabled", "false"));
  }

  @Test
  void rest_api_event_takes_oddly_cased_correlation_headers_and_counts_this_hop() {
    Map<String, Object> event = Events.load("aws-lambda-go__apigw-request.json");
    Map<String, Object> headers = Events.map(event, "headers");
    headers.put("X-Correlation-ID", "corr-1");
    headers.put("X-CORRELATION-USER-ID", "user-7");
    headers.put("Call-Chain-Length", "3");
    headers.put("Debug-Log-Enabled", "TRUE");
    headers.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    headers.put("baggage", "tenant=acme,plan=gold");

    CorrelationIds ids = capture(event);

    assertThat(ids.correlationId()).isEqualTo("corr-1");
    assertThat(ids.get("x-correlation-user-id")).isEqualTo("user-7");
    assertThat(ids.callChainLength()).isEqualTo(4);
    assertThat(ids.debugLogEnabled()).isTrue();
    assertThat(ids.get(CorrelationIds.TRACEPARENT))
        .isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    assertThat(ids.get(CorrelationIds.BAGGAGE)).isEqualTo("tenant=acme,plan=gold");
    assertThat(ids.forwarded())
        .containsOnlyKeys(
            "x-correlation-id",
            "x-correlation-user-id",
            "call-chain-length",
            "debug-log-enabled",
            "traceparent");
  }

  @Test
  void rest_api_event_prefers_the_first_value_of_a_repeated_header() {
    // API Gateway puts the last value in "headers" and all of them in "multiValueHeaders"
    Map<String, Object> event = Events.load("aws-lambda-java-libs__apigw_rest_event.json");
    Events.map(event, "headers").put("x-correlation-id", "second");
    Events.map(event, "multiValueHeaders").put("X-Correlation-Id", List.of("first", "second"));

    assertThat(capture(event).correlationId()).isEqualTo("first");
  }

  @Test
  void the_first_of_two_differently_cased_duplicate_headers_wins() {
    Map<String, Object> event = Events.load("aws-lambda-go__apigw-v2-request-no-authorizer.json");
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("x-correlation-id", "lower");
    headers.put("X-Correlation-Id", "mixed");
    event.put("headers", headers);

    assertThat(capture(event).correlationId()).isEqualTo("lower");
  }

  @Test
  void http_api_event_without_ids_uses_its_request_id_and_keeps_the_trace_header() {
    CorrelationIds ids = capture(Events.load("aws-lambda-go__apigw-v2-request-no-authorizer.json"));

    assertThat(ids.correlationId()).isEqualTo("LV7fzho-PHcEJPw=");
    assertThat(ids.get(CorrelationIds.AMZN_TRACE_ID))
        .isEqualTo("Root=1-5e9f0c65-1de4d666d4dd26aced652b6c");
  }

  @Test
  void http_api_event_takes_the_first_of_comma_joined_repeated_headers() {
    Map<String, Object> event = Events.load("aws-lambda-java-libs__apigw_http_event.json");
    Events.map(event, "headers").put("x-correlation-id", "first,second");
    Events.map(event, "headers").put("baggage", "a=1,b=2");

    CorrelationIds ids = capture(event);

    assertThat(ids.correlationId()).isEqualTo("first");
    assertThat(ids.get(CorrelationIds.BAGGAGE)).isEqualTo("a=1,b=2");
  }

  @Test
  void http_api_event_with_jwt_authorizer_is_read_like_any_other() {
    CorrelationIds ids =
        capture(Events.load("aws-lambda-go__apigw-v2-request-jwt-authorizer.json"));

    assertThat(ids.correlationId()).isEqualTo("id");
    assertThat(ids.awsRequestId()).isEqualTo("aws-req-1");
  }

  @Test
  void alb_event_has_no_request_id_of_its_own_so_the_aws_request_id_is_used() {
    Map<String, Object> event = Events.load("alb-event.json");

    CorrelationIds ids = capture(event);

    assertThat(ids.correlationId()).isEqualTo("aws-req-1");
    assertThat(ids.get(CorrelationIds.AMZN_TRACE_ID))
        .isEqualTo("Root=1-5bdb40ca-556d8b0c50dc66f0511bf520");
  }

  @Test
  void alb_event_with_multi_value_headers_takes_the_caller_ids() {
    Map<String, Object> event = Events.load("alb-event.json");
    event.remove("headers");
    event.put(
        "multiValueHeaders",
        Map.of("x-correlation-id", List.of("alb-corr"), "call-chain-length", List.of("1")));

    CorrelationIds ids = capture(event);

    assertThat(ids.correlationId()).isEqualTo("alb-corr");
    assertThat(ids.callChainLength()).isEqualTo(2);
  }

  @Test
  void header_values_lose_cr_lf_and_control_characters() {
    Map<String, Object> event = Events.load("aws-lambda-go__apigw-request.json");
    Events.map(event, "headers")
        .put("x-correlation-id", "abc\r\nSet-Cookie: evil=1\u0000\u0085\u2028");

    CorrelationIds ids = capture(event);

    assertThat(ids.correlationId()).isEqualTo("abcSet-Cookie: evil=1");
  }

  @Test
  void oversized_values_are_cut_to_1024_characters() {
    Map<String, Object> event = Events.load("aws-lambda-go__apigw-request.json");
    Events.map(event, "headers").put("x-correlation-id", "x".repeat(1_000_000));

    assertThat(capture(event).correlationId()).hasSize(Sanitiser.MAX_VALUE_CHARS);
  }

  @Test
  void a_flood_of_correlation_headers_keeps_at_most_twenty() {
    Map<String, Object> event = Events.load("aws-lambda-go__apigw-request.json");
    Map<String, Object> headers = Events.map(event, "headers");
    for (int i = 0; i < 500; i++) {
      headers.put("x-correlation-n" + i, "v" + i);
    }

    CorrelationIds ids = capture(event);

    assertThat(ids.forwarded().keySet())
        .filteredOn(name -> name.startsWith("x-correlation-"))
        .hasSize(CorrelationIds.MAX_CUSTOM_IDS);
    assertThat(ids.correlationId()).isEqualTo("deef4878-7910-11e6-8f14-25afc3e9ae33");
  }

  @Test
  void names_that_are_not_tokens_and_values_of_the_wrong_type_are_ignored() {
    Map<String, Object> event = Events.load("aws-lambda-go__apigw-request.json");
    Map<String, Object> headers = Events.map(event, "headers");
    headers.put("x-correlation-a b", "spaces");
    headers.put("x-correlation-\nx", "newline");
    headers.put("x-correlation-", "no suffix");
    headers.put("x-correlation-obj", Map.of("nested", "object"));
    headers.put("x-correlation-empty", "  \r\n ");

    assertThat(capture(event).forwarded())
        .containsOnlyKeys("x-correlation-id", "call-chain-length", "debug-log-enabled");
  }

  @Test
  void nonsense_chain_lengths_restart_at_one_and_huge_ones_are_capped() {
    assertThat(Capture.chainLength(null)).isEqualTo(1);
    assertThat(Capture.chainLength("abc")).isEqualTo(1);
    assertThat(Capture.chainLength("-5")).isEqualTo(1);
    assertThat(Capture.chainLength(" 7 ")).isEqualTo(8);
    assertThat(Capture.chainLength("99999999999999999999999")).isEqualTo(Capture.MAX_CHAIN_LENGTH);
    assertThat(Capture.chainLength(String.valueOf(Long.MAX_VALUE)))
        .isEqualTo(Capture.MAX_CHAIN_LENGTH);
  }

  @Test
  void an_unreadable_debug_flag_falls_back_to_sampling() {
    Map<String, Object> event = Events.load("aws-lambda-go__apigw-request.json");
    Events.map(event, "headers").put("debug-log-enabled", "maybe");

    assertThat(capture(event).debugLogEnabled()).isFalse();
    assertThat(
            new Capture(new DebugSampler(1))
                .capture(event, "r", null)
                .invocation()
                .debugLogEnabled())
        .isTrue();
  }

  @Test
  void a_caller_that_disables_debug_logs_wins_over_sampling() {
    Map<String, Object> event = Events.load("aws-lambda-go__apigw-request.json");
    Events.map(event, "headers").put("debug-log-enabled", "false");

    assertThat(
            new Capture(new DebugSampler(1))
                .capture(event, "r", null)
                .invocation()
                .debugLogEnabled())
        .isFalse();
  }

  @Test
  void headers_of_the_wrong_shape_yield_the_defaults() {
    Map<String, Object> event = Events.load("aws-lambda-go__apigw-request.json");
    event.put("headers", List.of("x-correlation-id", "nope"));
    event.put("multiValueHeaders", "nope");

    assertThat(capture(event).correlationId()).isEqualTo("deef4878-7910-11e6-8f14-25afc3e9ae33");
  }
}
