package dev.noops.subscribe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.noops.subscribe.ScaleContinuationTest.INVOKE_PATH;
import static dev.noops.subscribe.SubscribeWireTest.DEST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.noops.support.aws.AwsJsonClient;
import dev.noops.testsupport.AwsWireMock;
import dev.noops.testsupport.FakeContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CloudWatch Logs and Lambda behind endpoints that accept a request and never answer it (a VPC
 * without endpoints or NAT): every call's timeout comes from the invocation's remaining time, so
 * the invocation ends within its margin; the group in progress is handed on, never lost or done
 * twice.
 */
class DeadlineTest {
  private static final Duration INVOCATION = Duration.ofSeconds(8);
  private static final List<String> GROUPS = LogsStub.names("/aws/lambda/fn-", 5);
  private static final int NEVER = 120_000;

  static AwsWireMock aws;
  static AwsWireMock lambdaApi;
  static CloudWatchLogs logsClient;
  static AwsJsonClient lambda;

  @BeforeAll
  static void start() {
    aws = AwsWireMock.start();
    lambdaApi = AwsWireMock.start();
    // the clients as production builds them, fixed timeouts included: the deadline must cut them
    logsClient = TestClients.logs(aws);
    lambda = TestClients.lambda(lambdaApi.endpoint());
  }

  @AfterAll
  static void stop() {
    aws.close();
    lambdaApi.close();
  }

  @BeforeEach
  void reset() {
    aws.reset();
    lambdaApi.reset();
  }

  @Test
  void a_call_that_never_answers_ends_the_invocation_in_time_and_the_next_one_resumes_at_its_group()
      throws Exception {
    new LogsStub(aws)
        .groupNames(50, GROUPS)
        .filtersAnswer(
            GROUPS.get(2),
            LogsStub.ok(Map.of("subscriptionFilters", List.of())).withFixedDelay(NEVER));
    lambdaApi
        .server()
        .stubFor(post(urlPathMatching(INVOKE_PATH)).willReturn(aResponse().withStatus(202)));
    Harness harness = harness();

    long started = System.nanoTime();
    JsonNode first =
        harness.invokeResource(
            "aws-lambda-java-libs__cloudwatch_event.json", FakeContext.expiringIn(INVOCATION));
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(took)
        .as("ended inside the invocation, its hand-over margin kept")
        .isLessThan(INVOCATION.minus(Backfill.HAND_OVER_MARGIN));
    assertThat(first.get("continued").asBoolean()).isTrue();
    assertThat(harness.summary(0).get("Subscribed").asInt())
        .as("the two groups before the silent call")
        .isEqualTo(2);
    List<LoggedRequest> invokes =
        lambdaApi.server().findAll(postRequestedFor(urlPathMatching(INVOKE_PATH)));
    assertThat(invokes).hasSize(1);

    // CloudWatch Logs answers again; the continuation picks up at the group that was cut off
    aws.server().resetMappings();
    LogsStub logs = new LogsStub(aws).groupNames(50, GROUPS);
    JsonNode second = harness.invoke(invokes.get(0).getBodyAsString(), FakeContext.create());

    assertThat(second.get("continued").asBoolean()).isFalse();
    assertThat(harness.summary(1).get("Subscribed").asInt()).isEqualTo(3);
    Map<String, Integer> puts = logs.countsOf("PutSubscriptionFilter");
    assertThat(puts).containsOnlyKeys(GROUPS);
    assertThat(puts.values()).as("each group subscribed exactly once").containsOnly(1);
  }

  @Test
  void a_self_invocation_that_never_answers_fails_the_invocation_before_its_timeout() {
    new LogsStub(aws)
        .groupNames(50, GROUPS)
        .filtersAnswer(
            GROUPS.get(2),
            LogsStub.ok(Map.of("subscriptionFilters", List.of())).withFixedDelay(NEVER));
    lambdaApi
        .server()
        .stubFor(
            post(urlPathMatching(INVOKE_PATH))
                .willReturn(aResponse().withStatus(202).withFixedDelay(NEVER)));
    Harness harness = harness();

    long started = System.nanoTime();
    assertThatThrownBy(
            () ->
                harness.invokeResource(
                    "aws-lambda-java-libs__cloudwatch_event.json",
                    FakeContext.expiringIn(INVOCATION)))
        .isInstanceOf(SubscribeException.class)
        .hasMessageContaining("Lambda retries it");
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(took).isLessThan(INVOCATION);
    assertThat(harness.summary(0).get("handOverFailed").asBoolean()).isTrue();
    assertThat(harness.summary(0).get("Subscribed").asInt()).isEqualTo(2);
  }

  @Test
  void a_create_log_group_whose_write_never_answers_reports_the_group_failed_in_time() {
    String group = GROUPS.get(0);
    new LogsStub(aws)
        .answers("PutSubscriptionFilter", group, LogsStub.ok(Map.of()).withFixedDelay(NEVER));
    Harness harness = harness();
    String event =
        "{\"source\":\"aws.logs\",\"detail-type\":\"AWS API Call via CloudTrail\",\"detail\":"
            + "{\"eventName\":\"CreateLogGroup\",\"requestParameters\":{\"logGroupName\":\""
            + group
            + "\"}}}";

    long started = System.nanoTime();
    JsonNode result = harness.invoke(event, FakeContext.expiringIn(Duration.ofSeconds(4)));
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(took).isLessThan(Duration.ofSeconds(4));
    assertThat(result.get("summary").asText()).contains("failed 1");
    assertThat(harness.summary(0).get("Failed").asInt()).isEqualTo(1);
  }

  private static Harness harness() {
    return new Harness(
        logsClient, lambda, Map.of("DESTINATION_ARN", DEST, "REQUESTS_PER_SECOND", "100"));
  }
}
