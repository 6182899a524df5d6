package dev.noops.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OtherSourcesCaptureTest {
  private final Capture capture = new Capture(new DebugSampler(0));

  private CorrelationIds capture(Object event) {
    return capture.capture(event, "aws-req-1", "Root=1-lambda").invocation();
  }

  @Test
  void eventbridge_event_reads_detail_context() {
    Map<String, Object> event = Events.load("aws-lambda-java-libs__cloudwatch_event.json");
    event.put(
        "detail",
        Map.of(
            "__context__",
            Map.of("x-correlation-id", "eb-corr", "call-chain-length", 2),
            "order",
            1));

    CorrelationIds ids = capture(event);

    assertThat(ids.correlationId()).isEqualTo("eb-corr");
    assertThat(ids.callChainLength()).isEqualTo(3);
  }

  @Test
  void scheduled_event_without_context_falls_back_to_the_lambda_context() {
    CorrelationIds ids = capture(Events.load("aws-lambda-java-libs__cloudwatch_event.json"));

    assertThat(ids.asMap())
        .containsExactly(
            Map.entry("x-correlation-id", "aws-req-1"),
            Map.entry("awsRequestId", "aws-req-1"),
            Map.entry("call-chain-length", "1"),
            Map.entry("debug-log-enabled", "false"),
            Map.entry("x-amzn-trace-id", "Root=1-lambda"));
  }

  @Test
  void direct_invocation_reads_a_context_map_or_its_json_text() {
    assertThat(
            capture(
                Events.parse(
                    "{\"__context__\":{\"x-correlation-id\":\"direct\",\"debug-log-enabled\":true},\"n\":1}")))
        .satisfies(
            ids -> {
              assertThat(ids.correlationId()).isEqualTo("direct");
              assertThat(ids.debugLogEnabled()).isTrue();
            });
    assertThat(capture(Map.of("__context__", "{\"x-correlation-id\":\"as-text\"}")).correlationId())
        .isEqualTo("as-text");
  }

  @Test
  void events_that_are_not_maps_fall_back_to_the_lambda_context() {
    assertThat(capture(null).correlationId()).isEqualTo("aws-req-1");
    assertThat(capture("{\"__context__\":{\"x-correlation-id\":\"x\"}}").correlationId())
        .isEqualTo("aws-req-1");
    assertThat(capture(42).correlationId()).isEqualTo("aws-req-1");
    assertThat(capture(new Object()).correlationId()).isEqualTo("aws-req-1");
  }

  @Test
  void a_context_of_the_wrong_type_is_ignored() {
    assertThat(capture(Map.of("__context__", 17)).correlationId()).isEqualTo("aws-req-1");
    assertThat(
            capture(Map.of("__context__", Map.of("x-correlation-id", Map.of("deep", 1))))
                .correlationId())
        .isEqualTo("aws-req-1");
  }
}
