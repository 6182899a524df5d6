package dev.noops.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchCaptureTest {
  private static final String PACKED =
      "{\"x-correlation-id\":\"corr-1\",\"x-correlation-user-id\":\"user-7\","
          + "\"call-chain-length\":\"2\",\"debug-log-enabled\":\"true\"}";

  private final Capture capture = new Capture(new DebugSampler(0));

  private Capture.Captured capture(Map<String, Object> event) {
    return capture.capture(event, "aws-req-1", null);
  }

  private static Map<String, Object> sqsAttribute(String value) {
    Map<String, Object> attribute = new LinkedHashMap<>();
    attribute.put("stringValue", value);
    attribute.put("stringListValues", List.of());
    attribute.put("binaryListValues", List.of());
    attribute.put("dataType", "String");
    return attribute;
  }

  private static Map<String, Object> snsAttribute(String value) {
    return Map.of("Type", "String", "Value", value);
  }

  @Test
  void sqs_record_without_ids_gets_the_aws_request_id() {
    Capture.Captured captured = capture(Events.load("aws-lambda-go__sqs-event.json"));

    assertThat(captured.records())
        .singleElement()
        .satisfies(
            ids -> {
              assertThat(ids.correlationId()).isEqualTo("aws-req-1");
              assertThat(ids.callChainLength()).isEqualTo(1);
            });
    assertThat(captured.invocation().correlationId()).isEqualTo("aws-req-1");
  }

  @Test
  void sqs_record_reads_the_packed_attribute() {
    Map<String, Object> event = Events.load("aws-lambda-go__sqs-event.json");
    Events.map(Events.records(event).get(0), "messageAttributes")
        .put("x-correlation-context", sqsAttribute(PACKED));

    CorrelationIds ids = capture(event).records().get(0);

    assertThat(ids.correlationId()).isEqualTo("corr-1");
    assertThat(ids.get("x-correlation-user-id")).isEqualTo("user-7");
    assertThat(ids.callChainLength()).isEqualTo(3);
    assertThat(ids.debugLogEnabled()).isTrue();
  }

  @Test
  void sqs_record_reads_dazn_style_one_attribute_per_id() {
    Map<String, Object> event = Events.load("aws-lambda-go__sqs-event.json");
    Map<String, Object> attributes = Events.map(Events.records(event).get(0), "messageAttributes");
    attributes.put("x-correlation-id", sqsAttribute("dazn-corr"));
    attributes.put("x-correlation-user-id", sqsAttribute("dazn-user"));
    attributes.put("call-chain-length", sqsAttribute("5"));
    attributes.put("debug-log-enabled", sqsAttribute("false"));

    CorrelationIds ids = capture(event).records().get(0);

    assertThat(ids.correlationId()).isEqualTo("dazn-corr");
    assertThat(ids.get("x-correlation-user-id")).isEqualTo("dazn-user");
    assertThat(ids.callChainLength()).isEqualTo(6);
  }

  @Test
  void the_packed_attribute_wins_over_a_single_attribute_of_the_same_id() {
    Map<String, Object> event = Events.load("aws-lambda-go__sqs-event.json");
    Map<String, Object> attributes = Events.map(Events.records(event).get(0), "messageAttributes");
    attributes.put("x-correlation-id", sqsAttribute("single"));
    attributes.put("x-correlation-context", sqsAttribute(PACKED));

    assertThat(capture(event).records().get(0).correlationId()).isEqualTo("corr-1");
  }

  @Test
  void sqs_record_reads_the_sns_envelope_of_a_subscription_without_raw_delivery() {
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("Type", "Notification");
    envelope.put("MessageId", "95df01b4-ee98-5cb9-9903-4c221d41eb5e");
    envelope.put("TopicArn", "arn:aws:sns:us-east-1:123456789012:orders");
    envelope.put("Message", "{\"order\":42}");
    envelope.put("Timestamp", "2026-11-25T10:00:00.000Z");
    envelope.put("MessageAttributes", Map.of("x-correlation-context", snsAttribute(PACKED)));
    Map<String, Object> event = Events.load("aws-lambda-go__sqs-event.json");
    Events.records(event).get(0).put("body", Events.write(envelope));
    Events.records(event).get(0).put("messageAttributes", Map.of());

    CorrelationIds ids = capture(event).records().get(0);

    assertThat(ids.correlationId()).isEqualTo("corr-1");
    assertThat(ids.get("x-correlation-user-id")).isEqualTo("user-7");
  }

  @Test
  void sqs_record_reads_an_eventbridge_event_delivered_to_the_queue() {
    Map<String, Object> event = Events.load("aws-lambda-go__sqs-event.json");
    Events.records(event)
        .get(0)
        .put(
            "body",
            "{\"detail-type\":\"OrderPlaced\",\"source\":\"shop\","
                + "\"detail\":{\"__context__\":"
                + PACKED
                + ",\"order\":42}}");
    Events.records(event).get(0).put("messageAttributes", Map.of());

    assertThat(capture(event).records().get(0).correlationId()).isEqualTo("corr-1");
  }

  @Test
  void sqs_record_takes_the_xray_trace_header_from_its_system_attributes() {
    Map<String, Object> event = Events.load("aws-lambda-go__sqs-event.json");
    Events.map(Events.records(event).get(0), "attributes")
        .put(
            "AWSTraceHeader",
            "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");

    assertThat(capture(event).records().get(0).get(CorrelationIds.AMZN_TRACE_ID))
        .isEqualTo("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");
  }

  @Test
  void sqs_record_without_a_body_is_read_without_failing() {
    Capture.Captured captured =
        capture(Events.load("aws-lambda-java-libs__sqs_sqs_event_nobody.json"));

    assertThat(captured.records())
        .allSatisfy(ids -> assertThat(ids.correlationId()).isEqualTo("aws-req-1"));
  }

  @Test
  void sqs_body_that_is_broken_json_or_plain_text_yields_no_ids() {
    Map<String, Object> event = Events.withRecords(Events.load("aws-lambda-go__sqs-event.json"), 3);
    Events.records(event).get(0).put("body", "{\"__context__\": {\"x-correlation-id\": \"x\"");
    Events.records(event).get(1).put("body", "[1,2,3]");
    Events.records(event).get(2).put("body", "{\"__context__\": \"not an object\"}");

    assertThat(capture(event).records())
        .extracting(CorrelationIds::correlationId)
        .containsOnly("aws-req-1");
  }

  @Test
  void sns_record_reads_the_packed_attribute_and_dazn_attributes() {
    Map<String, Object> event = Events.withRecords(Events.load("aws-lambda-go__sns-event.json"), 2);
    Events.map(Events.records(event).get(0), "Sns", "MessageAttributes")
        .put("x-correlation-context", snsAttribute(PACKED));
    Events.map(Events.records(event).get(1), "Sns", "MessageAttributes")
        .put("X-Correlation-Id", snsAttribute("dazn"));

    List<CorrelationIds> records = capture(event).records();

    assertThat(records).extracting(CorrelationIds::correlationId).containsExactly("corr-1", "dazn");
  }

  @Test
  void sns_record_without_attributes_reads_a_context_in_its_json_message() {
    Map<String, Object> event = Events.load("aws-lambda-go__sns-event.json");
    Map<String, Object> sns = Events.map(Events.records(event).get(0), "Sns");
    sns.put("Message", "{\"__context__\":" + PACKED + ",\"order\":42}");

    assertThat(capture(event).records().get(0).correlationId()).isEqualTo("corr-1");
  }

  @Test
  void sns_record_of_the_java_sample_without_ids_falls_back() {
    Capture.Captured captured = capture(Events.load("aws-lambda-java-libs__sns_event.json"));

    assertThat(captured.records())
        .singleElement()
        .satisfies(ids -> assertThat(ids.correlationId()).isEqualTo("aws-req-1"));
  }

  @Test
  void kinesis_record_with_a_json_payload_yields_its_context() {
    Map<String, Object> event =
        Events.withRecords(Events.load("aws-lambda-go__kinesis-event.json"), 2);
    Events.map(Events.records(event).get(0), "kinesis")
        .put("data", Events.base64("{\"__context__\":" + PACKED + ",\"order\":42}"));

    List<CorrelationIds> records = capture(event).records();

    assertThat(records.get(0).correlationId()).isEqualTo("corr-1");
    assertThat(records.get(0).debugLogEnabled()).isTrue();
    assertThat(records.get(1).correlationId()).isEqualTo("aws-req-1");
    assertThat(records.get(1).debugLogEnabled()).isFalse();
  }

  @Test
  void kinesis_records_with_text_invalid_base64_or_deeply_nested_json_yield_no_ids() {
    Map<String, Object> event =
        Events.withRecords(Events.load("aws-lambda-go__kinesis-event.json"), 4);
    // record 0 keeps the fixture's "Hello World"
    Events.map(Events.records(event).get(1), "kinesis").put("data", "!!!not base64***");
    Events.map(Events.records(event).get(2), "kinesis")
        .put("data", Events.base64("[".repeat(100_000)));
    Events.map(Events.records(event).get(3), "kinesis")
        .put(
            "data", Events.base64("{\"a\":" + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_001)));

    assertThat(capture(event).records())
        .hasSize(4)
        .extracting(CorrelationIds::correlationId)
        .containsOnly("aws-req-1");
  }

  @Test
  void the_invocation_keeps_only_what_every_record_shares() {
    Map<String, Object> event =
        Events.withRecords(Events.load("aws-lambda-go__kinesis-event.json"), 2);
    Events.map(Events.records(event).get(0), "kinesis")
        .put(
            "data",
            Events.base64(
                "{\"__context__\":{\"x-correlation-id\":\"a\",\"x-correlation-tenant\":\"acme\","
                    + "\"debug-log-enabled\":\"true\"}}"));
    Events.map(Events.records(event).get(1), "kinesis")
        .put(
            "data",
            Events.base64(
                "{\"__context__\":{\"x-correlation-id\":\"b\",\"x-correlation-tenant\":\"acme\","
                    + "\"debug-log-enabled\":\"true\"}}"));

    Capture.Captured captured = capture(event);

    assertThat(captured.invocation().correlationId()).isEqualTo("aws-req-1");
    assertThat(captured.invocation().get("x-correlation-tenant")).isEqualTo("acme");
    assertThat(captured.invocation().debugLogEnabled()).isTrue();
    assertThat(captured.records())
        .extracting(CorrelationIds::correlationId)
        .containsExactly("a", "b");
  }

  @Test
  void records_of_unknown_sources_get_the_invocation_defaults() {
    Map<String, Object> event =
        Events.parse(
            "{\"Records\":[{\"eventSource\":\"aws:dynamodb\",\"dynamodb\":{}},"
                + "\"a string record\", 42, null]}");

    assertThat(capture(event).records())
        .hasSize(4)
        .extracting(CorrelationIds::correlationId)
        .containsOnly("aws-req-1");
  }
}
