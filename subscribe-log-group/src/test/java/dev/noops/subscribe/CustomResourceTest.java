package dev.noops.subscribe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.noops.subscribe.LogsStub.filter;
import static dev.noops.subscribe.SubscribeWireTest.DEST;
import static dev.noops.subscribe.SubscribeWireTest.OLD_DEST;
import static dev.noops.subscribe.SubscribeWireTest.OURS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.noops.support.aws.AwsJsonClient;
import dev.noops.testsupport.AwsWireMock;
import dev.noops.testsupport.FakeContext;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The deploy-time backfill as a CloudFormation custom resource: every path answers the pre-signed
 * URL once.
 */
class CustomResourceTest {
  static final String RESPONSE_PATH = "/cloudformation-custom-resource-response-euwest1/answer";
  static final String STACK =
      "arn:aws:cloudformation:eu-west-1:123456789012:stack/noops/5b9b1a10-ca5e-11ee-9fb1-0a1b2c3d4e5f";

  static AwsWireMock aws;
  static AwsWireMock http;
  static CloudWatchLogs logsClient;
  static AwsJsonClient lambda;
  LogsStub logs;

  @BeforeAll
  static void start() {
    aws = AwsWireMock.start();
    http = AwsWireMock.start();
    logsClient = TestClients.logs(aws);
    lambda = TestClients.lambda(http.endpoint());
  }

  @AfterAll
  static void stop() {
    aws.close();
    http.close();
  }

  @BeforeEach
  void reset() {
    aws.reset();
    http.reset();
    logs = new LogsStub(aws);
    http.server()
        .stubFor(put(urlPathEqualTo(RESPONSE_PATH)).willReturn(aResponse().withStatus(200)));
    http.server()
        .stubFor(
            post(urlPathMatching("/2015-03-31/functions/.+/invocations"))
                .willReturn(aResponse().withStatus(202)));
  }

  static Map<String, String> env(String... extra) {
    Map<String, String> env =
        new HashMap<>(Map.of("DESTINATION_ARN", DEST, "REQUESTS_PER_SECOND", "10000"));
    for (int i = 0; i < extra.length; i += 2) {
      env.put(extra[i], extra[i + 1]);
    }
    return env;
  }

  String request(String type, String physicalId) {
    ObjectNode event =
        Harness.JSON
            .createObjectNode()
            .put("RequestType", type)
            .put("ServiceToken", FakeContext.FUNCTION_ARN)
            .put(
                "ResponseURL",
                http.endpoint()
                    + RESPONSE_PATH
                    + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc123")
            .put("StackId", STACK)
            .put("RequestId", "unique-id-" + type)
            .put("ResourceType", "Custom::LogGroupBackfill")
            .put("LogicalResourceId", "Backfill");
    if (physicalId != null) {
      event.put("PhysicalResourceId", physicalId);
    }
    event
        .putObject("ResourceProperties")
        .put("ServiceToken", FakeContext.FUNCTION_ARN)
        .put("Generation", "2");
    return event.toString();
  }

  List<LoggedRequest> answers() {
    return http.server().findAll(putRequestedFor(urlPathEqualTo(RESPONSE_PATH)));
  }

  JsonNode onlyAnswer() throws IOException {
    assertThat(answers()).hasSize(1);
    return Harness.JSON.readTree(answers().get(0).getBodyAsString());
  }

  @Test
  void create_backfills_every_group_and_answers_success_with_the_counts() throws Exception {
    logs.groupNames(2, List.of("/aws/lambda/a", "/aws/lambda/b", "/aws/lambda/c"));
    logs.filters("/aws/lambda/c", filter("/aws/lambda/c", OURS, DEST, ""));

    new Harness(logsClient, lambda, env()).invoke(request("Create", null), FakeContext.create());

    JsonNode answer = onlyAnswer();
    assertThat(answer.get("Status").asText()).isEqualTo("SUCCESS");
    assertThat(answer.get("PhysicalResourceId").asText())
        .isEqualTo("noops-subscribe-log-group-Backfill");
    assertThat(answer.get("StackId").asText()).isEqualTo(STACK);
    assertThat(answer.get("RequestId").asText()).isEqualTo("unique-id-Create");
    assertThat(answer.get("LogicalResourceId").asText()).isEqualTo("Backfill");
    assertThat(answer.at("/Data/Subscribed").asText()).isEqualTo("2");
    assertThat(answer.at("/Data/Already").asText()).isEqualTo("1");
    assertThat(answer.at("/Data/Continued").asText()).isEqualTo("false");
    assertThat(answer.get("Reason").asText()).startsWith("backfill: subscribed 2");
    assertThat(answers().get(0).containsHeader("Content-Type"))
        .as("the pre-signed URL is signed without one")
        .isFalse();
    assertThat(logs.groupsOf("PutSubscriptionFilter"))
        .containsExactly("/aws/lambda/a", "/aws/lambda/b");
  }

  @Test
  void update_backfills_again_and_keeps_the_physical_id_so_nothing_is_replaced() throws Exception {
    logs.groupNames(50, List.of("/aws/lambda/a"));
    logs.filters("/aws/lambda/a", filter("/aws/lambda/a", OURS, OLD_DEST, ""));

    new Harness(logsClient, lambda, env())
        .invoke(request("Update", "noops-subscribe-log-group-Backfill"), FakeContext.create());

    JsonNode answer = onlyAnswer();
    assertThat(answer.get("Status").asText()).isEqualTo("SUCCESS");
    assertThat(answer.get("PhysicalResourceId").asText())
        .isEqualTo("noops-subscribe-log-group-Backfill");
    assertThat(answer.at("/Data/Updated").asText()).isEqualTo("1");
  }

  @Test
  void delete_leaves_the_filters_in_place_by_default_and_answers_success() throws Exception {
    new Harness(logsClient, lambda, env())
        .invoke(request("Delete", "noops-subscribe-log-group-Backfill"), FakeContext.create());

    JsonNode answer = onlyAnswer();
    assertThat(answer.get("Status").asText()).isEqualTo("SUCCESS");
    assertThat(answer.get("PhysicalResourceId").asText())
        .isEqualTo("noops-subscribe-log-group-Backfill");
    assertThat(aws.server().getAllServeEvents()).isEmpty();
  }

  @Test
  void delete_with_unsubscribe_removes_only_our_filters_to_our_destination() throws Exception {
    logs.groupNames(
        50, List.of("/aws/lambda/a-ours", "/aws/lambda/b-ours-elsewhere", "/aws/lambda/c-foreign"));
    logs.filters("/aws/lambda/a-ours", filter("/aws/lambda/a-ours", OURS, DEST, ""));
    logs.filters(
        "/aws/lambda/b-ours-elsewhere", filter("/aws/lambda/b-ours-elsewhere", OURS, OLD_DEST, ""));
    logs.filters("/aws/lambda/c-foreign", filter("/aws/lambda/c-foreign", "datadog", DEST, ""));

    new Harness(logsClient, lambda, env("UNSUBSCRIBE_ON_DELETE", "true"))
        .invoke(request("Delete", "noops-subscribe-log-group-Backfill"), FakeContext.create());

    List<JsonNode> deletes = logs.requests("DeleteSubscriptionFilter");
    assertThat(deletes).hasSize(1);
    assertThat(deletes.get(0))
        .isEqualTo(
            Harness.JSON.readTree(
                "{\"logGroupName\":\"/aws/lambda/a-ours\",\"filterName\":\"noops-shipper\"}"));
    JsonNode answer = onlyAnswer();
    assertThat(answer.get("Status").asText()).isEqualTo("SUCCESS");
    assertThat(answer.at("/Data/Unsubscribed").asText()).isEqualTo("1");
  }

  @Test
  void create_with_an_invalid_configuration_answers_failed_with_the_reason() throws Exception {
    Map<String, String> env = env("DESTINATION_ARN", "arn:aws:sqs:eu-west-1:123456789012:queue");

    new Harness(logsClient, lambda, env).invoke(request("Create", null), FakeContext.create());

    JsonNode answer = onlyAnswer();
    assertThat(answer.get("Status").asText()).isEqualTo("FAILED");
    assertThat(answer.get("Reason").asText()).contains("arn:aws:sqs:eu-west-1:123456789012:queue");
    assertThat(answer.get("PhysicalResourceId").asText())
        .isEqualTo("noops-subscribe-log-group-Backfill");
    assertThat(aws.server().getAllServeEvents()).isEmpty();
  }

  @Test
  void create_when_listing_is_denied_answers_failed_naming_the_error() throws Exception {
    logs.answersAll(
        "DescribeLogGroups",
        LogsStub.error(
            400,
            "AccessDeniedException",
            "User is not authorized to perform: logs:DescribeLogGroups"));

    new Harness(logsClient, lambda, env()).invoke(request("Create", null), FakeContext.create());

    JsonNode answer = onlyAnswer();
    assertThat(answer.get("Status").asText()).isEqualTo("FAILED");
    assertThat(answer.get("Reason").asText()).contains("AccessDeniedException");
  }

  @Test
  void
      delete_answers_success_even_when_the_configuration_is_invalid_so_a_rollback_cannot_strand_the_stack()
          throws Exception {
    Map<String, String> env = env("UNSUBSCRIBE_ON_DELETE", "true", "DESTINATION_ARN", "");

    new Harness(logsClient, lambda, env)
        .invoke(request("Delete", "noops-subscribe-log-group-Backfill"), FakeContext.create());

    JsonNode answer = onlyAnswer();
    assertThat(answer.get("Status").asText()).isEqualTo("SUCCESS");
    assertThat(answer.get("Reason").asText())
        .startsWith("nothing removed: destination ARN is required");
  }

  @Test
  void an_unknown_request_type_answers_failed() throws Exception {
    new Harness(logsClient, lambda, env()).invoke(request("Resume", "x"), FakeContext.create());

    JsonNode answer = onlyAnswer();
    assertThat(answer.get("Status").asText()).isEqualTo("FAILED");
    assertThat(answer.get("Reason").asText()).isEqualTo("unknown RequestType: Resume");
  }

  @Test
  void a_refused_answer_is_delivered_on_retry() {
    http.server()
        .stubFor(
            put(urlPathEqualTo(RESPONSE_PATH))
                .inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("up"));
    http.server()
        .stubFor(
            put(urlPathEqualTo(RESPONSE_PATH))
                .inScenario("flaky")
                .whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200)));

    new Harness(logsClient, lambda, env()).invoke(request("Delete", "p"), FakeContext.create());

    assertThat(answers()).hasSize(2);
    assertThat(answers())
        .extracting(LoggedRequest::getBodyAsString)
        .allMatch(b -> b.contains("\"Status\":\"SUCCESS\""));
  }

  @Test
  void near_the_timeout_the_watchdog_answers_failed_once_and_the_late_result_is_not_sent()
      throws Exception {
    logs.answersAll(
        "DescribeLogGroups", LogsStub.ok(Map.of("logGroups", List.of())).withFixedDelay(2_500));

    new Harness(logsClient, lambda, env())
        .invoke(request("Create", null), FakeContext.expiringIn(Duration.ofSeconds(6)));

    JsonNode answer = onlyAnswer();
    assertThat(answer.get("Status").asText()).isEqualTo("FAILED");
    assertThat(answer.get("Reason").asText())
        .isEqualTo("the subscriber ran out of time before finishing");
  }

  @Test
  void when_time_runs_low_create_hands_the_backfill_over_and_answers_success() throws Exception {
    logs.groupNames(50, LogsStub.names("/aws/lambda/fn-", 200));

    new Harness(logsClient, lambda, env())
        .invoke(request("Create", null), FakeContext.shrinking(900_000, 10_000));

    JsonNode answer = onlyAnswer();
    assertThat(answer.get("Status").asText()).isEqualTo("SUCCESS");
    assertThat(answer.at("/Data/Continued").asText()).isEqualTo("true");
    assertThat(answer.get("Reason").asText()).endsWith("; continuing asynchronously");
    List<LoggedRequest> invokes =
        http.server()
            .findAll(
                com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                    urlPathMatching("/2015-03-31/functions/.+/invocations")));
    assertThat(invokes).hasSize(1);
    JsonNode payload = Harness.JSON.readTree(invokes.get(0).getBodyAsString());
    assertThat(payload.at("/noopsSubscribe/trigger").asText()).isEqualTo("custom-resource");
    assertThat(payload.at("/noopsSubscribe/generation").asInt()).isEqualTo(2);
    assertThat(payload.at("/noopsSubscribe/cursor/after").asText())
        .isEqualTo(logs.groupsOf("PutSubscriptionFilter").getLast());
  }

  @Test
  void a_delete_that_runs_out_of_time_answers_success_saying_so_and_does_not_hand_over()
      throws Exception {
    List<String> names = LogsStub.names("/aws/lambda/fn-", 60);
    logs.groupNames(50, names);
    for (String name : names) {
      logs.filters(name, filter(name, OURS, DEST, ""));
    }

    new Harness(logsClient, lambda, env("UNSUBSCRIBE_ON_DELETE", "true"))
        .invoke(
            request("Delete", "noops-subscribe-log-group-Backfill"),
            FakeContext.shrinking(900_000, 30_000));

    JsonNode answer = onlyAnswer();
    assertThat(answer.get("Status").asText()).isEqualTo("SUCCESS");
    assertThat(answer.get("Reason").asText()).endsWith("; stopped early, time ran out");
    assertThat(Integer.parseInt(answer.at("/Data/Unsubscribed").asText()))
        .isBetween(1, 59)
        .isEqualTo(logs.requests("DeleteSubscriptionFilter").size());
    assertThat(
            http.server()
                .findAll(
                    com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                        urlPathMatching("/2015-03-31/functions/.+/invocations"))))
        .isEmpty();
  }

  @Test
  void a_failed_hand_over_still_answers_success_and_leaves_the_rest_to_the_schedule()
      throws Exception {
    logs.groupNames(50, LogsStub.names("/aws/lambda/fn-", 100));
    http.server()
        .stubFor(
            post(urlPathMatching("/2015-03-31/functions/.+/invocations"))
                .atPriority(1)
                .willReturn(
                    aResponse()
                        .withStatus(500)
                        .withHeader("x-amzn-ErrorType", "ServiceException")
                        .withBody("{\"message\":\"internal\"}")));

    new Harness(logsClient, lambda, env())
        .invoke(request("Create", null), FakeContext.shrinking(900_000, 10_000));

    JsonNode answer = onlyAnswer();
    assertThat(answer.get("Status").asText()).isEqualTo("SUCCESS");
    assertThat(answer.at("/Data/Continued").asText()).isEqualTo("false");
    assertThat(answer.get("Reason").asText())
        .endsWith("; hand-over failed, the scheduled reconcile will finish the rest");
  }
}
