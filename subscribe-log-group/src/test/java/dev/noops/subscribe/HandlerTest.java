package dev.noops.subscribe;

import static dev.noops.subscribe.SubscribeWireTest.DEST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.noops.support.aws.AwsJsonClient;
import dev.noops.testsupport.AwsWireMock;
import dev.noops.testsupport.FakeContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Lambda entry point fed real event shapes, and everything that is not one. */
class HandlerTest {
  static AwsWireMock aws;
  static CloudWatchLogs logsClient;
  static AwsJsonClient lambda;
  LogsStub logs;

  @BeforeAll
  static void start() {
    aws = AwsWireMock.start();
    logsClient = TestClients.logs(aws);
    lambda = TestClients.lambda(aws.endpoint());
  }

  @AfterAll
  static void stop() {
    aws.close();
  }

  @BeforeEach
  void reset() {
    aws.reset();
    logs = new LogsStub(aws);
  }

  Harness harness(Map<String, String> env) {
    return new Harness(logsClient, lambda, env);
  }

  Harness harness() {
    return harness(
        Map.of(
            "DESTINATION_ARN", DEST, "AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/noops-subscriber"));
  }

  @Test
  void the_cloudtrail_create_log_group_event_puts_exactly_our_filter_on_the_wire()
      throws Exception {
    Harness harness = harness();

    JsonNode result =
        harness.invokeResource("eventbridge-cloudtrail-CreateLogGroup.json", FakeContext.create());

    List<JsonNode> puts = logs.requests("PutSubscriptionFilter");
    assertThat(puts).hasSize(1);
    assertThat(puts.get(0))
        .isEqualTo(
            Harness.JSON.readTree(
                """
                {"logGroupName":"/aws/lambda/orders-api","filterName":"noops-shipper","filterPattern":"",
                 "destinationArn":"arn:aws:lambda:eu-west-1:123456789012:function:noops-shipper"}\
                """));
    assertThat(logs.groupsOf("DescribeSubscriptionFilters"))
        .containsExactly("/aws/lambda/orders-api");
    assertThat(logs.requests("DescribeLogGroups"))
        .as("no retention or tags configured: no look-up")
        .isEmpty();
    assertThat(result.get("summary").asText()).startsWith("subscribed 1,");
  }

  @Test
  void with_retention_the_event_looks_the_group_up_and_sets_the_exact_retention() throws Exception {
    logs.lookup(
        "/aws/lambda/orders-api",
        List.of(
            LogsStub.group("/aws/lambda/orders-api"), LogsStub.group("/aws/lambda/orders-api-v2")));
    Harness harness =
        harness(
            Map.of(
                "DESTINATION_ARN", DEST, "RETENTION_DAYS", "14", "FILTER_PATTERN", "-\"DEBUG\""));

    harness.invokeResource("eventbridge-cloudtrail-CreateLogGroup.json", FakeContext.create());

    assertThat(logs.requests("PutSubscriptionFilter").get(0).get("filterPattern").asText())
        .isEqualTo("-\"DEBUG\"");
    assertThat(logs.requests("PutRetentionPolicy"))
        .containsExactly(
            Harness.JSON.readTree(
                "{\"logGroupName\":\"/aws/lambda/orders-api\",\"retentionInDays\":14}"));
  }

  @Test
  void an_event_for_a_group_deleted_before_the_look_up_is_skipped_as_gone() {
    logs.lookup("/aws/lambda/orders-api", List.of(LogsStub.group("/aws/lambda/orders-api-v2")));
    Harness harness = harness(Map.of("DESTINATION_ARN", DEST, "RETENTION_DAYS", "14"));

    harness.invokeResource("eventbridge-cloudtrail-CreateLogGroup.json", FakeContext.create());

    assertThat(logs.writes()).isZero();
    assertThat(harness.summary(0).get("SkippedGone").asInt()).isEqualTo(1);
  }

  @Test
  void every_run_ends_with_one_emf_summary_line() {
    Harness harness = harness();

    harness.invokeResource("eventbridge-cloudtrail-CreateLogGroup.json", FakeContext.create());

    assertThat(harness.summaries).hasSize(1);
    JsonNode emf = harness.summary(0);
    JsonNode directive = emf.at("/_aws/CloudWatchMetrics/0");
    assertThat(emf.at("/_aws/Timestamp").asLong()).isEqualTo(Harness.NOW.toEpochMilli());
    assertThat(directive.get("Namespace").asText()).isEqualTo("noops/subscribe-log-group");
    assertThat(directive.at("/Dimensions/0/0").asText()).isEqualTo("Trigger");
    assertThat(directive.get("Metrics").findValuesAsText("Name"))
        .contains(
            "Subscribed",
            "Updated",
            "Already",
            "Skipped",
            "Failed",
            "SkippedNoFreeSlot",
            "SkippedProtected",
            "SkippedGone",
            "SkippedNotSelected");
    assertThat(emf.get("Trigger").asText()).isEqualTo("CreateLogGroup");
    assertThat(emf.get("Subscribed").asInt()).isEqualTo(1);
    assertThat(emf.get("Failed").asInt()).isZero();
    assertThat(emf.get("calls").asLong()).isEqualTo(2);
  }

  @Test
  void a_create_log_group_event_with_an_error_code_is_ignored_without_calls() {
    JsonNode result =
        harness()
            .invokeResource(
                "eventbridge-cloudtrail-CreateLogGroup-error.json", FakeContext.create());

    assertThat(result.get("status").asText()).isEqualTo("ignored");
    assertThat(aws.server().getAllServeEvents()).isEmpty();
  }

  @Test
  void the_shippers_and_the_subscribers_own_groups_are_skipped_without_calls() {
    Harness harness = harness();
    for (String own : List.of("/aws/lambda/noops-shipper", "/aws/lambda/noops-subscriber")) {
      harness.invoke(eventFor(own).toString(), FakeContext.create());
    }

    assertThat(aws.server().getAllServeEvents()).isEmpty();
    assertThat(harness.summaries)
        .extracting(s -> s.contains("\"SkippedProtected\":1"))
        .containsExactly(true, true);
  }

  @Test
  void an_event_for_a_group_outside_the_selection_is_skipped_without_calls() {
    Harness harness = harness();

    harness.invoke(eventFor("/ecs/orders").toString(), FakeContext.create());

    assertThat(aws.server().getAllServeEvents()).isEmpty();
    assertThat(harness.summary(0).get("SkippedNotSelected").asInt()).isEqualTo(1);
  }

  @Test
  void unreadable_and_foreign_events_are_ignored_without_calls() {
    Harness harness = harness();
    List<String> events =
        List.of(
            "not json at all",
            "[1,2,3]",
            "\"a string\"",
            "{}",
            "",
            "{\"Records\":[{\"eventSource\":\"aws:sqs\",\"body\":\"x\"}]}",
            "{\"source\":\"aws.logs\",\"detail-type\":\"AWS API Call via"
                + " CloudTrail\",\"detail\":{\"eventName\":\"DeleteLogGroup\","
                + "\"requestParameters\":{\"logGroupName\":\"/aws/lambda/x\"}}}",
            "{\"source\":\"aws.logs\",\"detail-type\":\"AWS API Call via"
                + " CloudTrail\",\"detail\":\"CreateLogGroup\"}",
            "{\"noopsSubscribe\":{\"mode\":\"SUBSCRIBE\",\"generation\":\"two\",\"cursor\":{\"prefixIndex\":0}}}",
            "{\"noopsSubscribe\":{\"mode\":\"DROP_TABLES\",\"generation\":2,\"cursor\":{\"prefixIndex\":0}}}",
            "{\"noopsSubscribe\":{\"mode\":\"SUBSCRIBE\",\"generation\":2,\"cursor\":{\"prefixIndex\":-1}}}",
            "{\"noopsSubscribe\":{\"mode\":\"SUBSCRIBE\",\"generation\":2,\"cursor\":{\"prefixIndex\":0,"
                + "\"pageToken\":{\"x\":1}}}}");

    for (String event : events) {
      assertThat(harness.invoke(event, FakeContext.create()).get("status").asText())
          .as(event)
          .isEqualTo("ignored");
    }
    assertThat(aws.server().getAllServeEvents()).isEmpty();
    assertThat(harness.summaries).isEmpty();
  }

  @Test
  void a_log_group_name_of_the_wrong_type_size_or_characters_is_ignored_without_calls() {
    Harness harness = harness();
    ObjectNode numeric = eventFor("x");
    ((ObjectNode) numeric.at("/detail/requestParameters")).put("logGroupName", 42);
    ObjectNode missing = eventFor("x");
    ((ObjectNode) missing.at("/detail/requestParameters")).remove("logGroupName");
    List<JsonNode> events =
        List.of(
            numeric,
            missing,
            eventFor("/aws/lambda/" + "a".repeat(600)),
            eventFor("/aws/lambda/x\n{\"injected\":true}"),
            eventFor("/aws/lambda/tab\there"),
            eventFor(""),
            eventFor("/aws/lambda/$(rm -rf /)"));

    for (JsonNode event : events) {
      assertThat(harness.invoke(event.toString(), FakeContext.create()).get("status").asText())
          .isEqualTo("ignored");
    }
    assertThat(aws.server().getAllServeEvents()).isEmpty();
  }

  @Test
  void the_scheduled_event_reconciles_every_listed_group() {
    logs.groupNames(2, List.of("/aws/lambda/a", "/aws/lambda/b", "/aws/lambda/c"));
    Harness harness = harness();

    JsonNode result =
        harness.invokeResource("aws-lambda-java-libs__cloudwatch_event.json", FakeContext.create());

    assertThat(logs.groupsOf("PutSubscriptionFilter"))
        .containsExactly("/aws/lambda/a", "/aws/lambda/b", "/aws/lambda/c");
    assertThat(result.get("continued").asBoolean()).isFalse();
    assertThat(harness.summary(0).get("Trigger").asText()).isEqualTo("reconcile");
  }

  @Test
  void a_missing_destination_fails_the_invocation_loudly_naming_the_setting() {
    Harness harness = harness(Map.of("FILTER_NAME", "x"));

    assertThatThrownBy(
            () ->
                harness.invokeResource(
                    "eventbridge-cloudtrail-CreateLogGroup.json", FakeContext.create()))
        .isInstanceOf(SubscribeException.class)
        .hasMessageContaining("DESTINATION_ARN");
    assertThat(aws.server().getAllServeEvents()).isEmpty();
  }

  static ObjectNode eventFor(String group) {
    ObjectNode event =
        (ObjectNode) readTree(Harness.resource("eventbridge-cloudtrail-CreateLogGroup.json"));
    ((ObjectNode) event.at("/detail/requestParameters")).put("logGroupName", group);
    return event;
  }

  private static JsonNode readTree(String json) {
    try {
      return Harness.JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
