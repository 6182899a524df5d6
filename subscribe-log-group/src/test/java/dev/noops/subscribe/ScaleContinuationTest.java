package dev.noops.subscribe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.noops.subscribe.SubscribeWireTest.DEST;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.noops.support.aws.AwsJsonClient;
import dev.noops.testsupport.AwsWireMock;
import dev.noops.testsupport.FakeContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** 3,000 groups through the paced client, split across two invocations by a forced hand-over. */
class ScaleContinuationTest {
  static final String INVOKE_PATH = "/2015-03-31/functions/.+/invocations";
  static final int GROUPS = 3_000;
  static final double RATE = 2_000;
  static final List<String> OPERATIONS =
      List.of("DescribeLogGroups", "DescribeSubscriptionFilters", "PutSubscriptionFilter");

  static AwsWireMock aws;
  static AwsWireMock lambdaApi;
  static CloudWatchLogs logsClient;
  static AwsJsonClient lambda;

  @BeforeAll
  static void start() {
    aws = AwsWireMock.start();
    lambdaApi = AwsWireMock.start();
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
  void three_thousand_groups_are_each_handled_exactly_once_across_a_forced_continuation()
      throws Exception {
    LogsStub logs = new LogsStub(aws).groupNames(50, LogsStub.names("/aws/lambda/fn-", GROUPS));
    lambdaApi
        .server()
        .stubFor(post(urlPathMatching(INVOKE_PATH)).willReturn(aResponse().withStatus(202)));
    Harness harness =
        new Harness(
            logsClient,
            lambda,
            Map.of("DESTINATION_ARN", DEST, "REQUESTS_PER_SECOND", String.valueOf(RATE)));

    long started = System.nanoTime();
    // the first invocation's clock runs down as it works, so it has to hand over part-way
    JsonNode first =
        harness.invokeResource(
            "aws-lambda-java-libs__cloudwatch_event.json", FakeContext.shrinking(900_000, 500));
    List<LoggedRequest> invokes =
        lambdaApi.server().findAll(postRequestedFor(urlPathMatching(INVOKE_PATH)));
    assertThat(first.get("continued").asBoolean()).isTrue();
    assertThat(invokes).hasSize(1);
    LoggedRequest invoke = invokes.get(0);
    assertThat(invoke.getHeader("X-Amz-Invocation-Type")).isEqualTo("Event");
    assertThat(URLDecoder.decode(invoke.getUrl(), StandardCharsets.UTF_8))
        .contains(FakeContext.FUNCTION_ARN);
    assertThat(invoke.getUrl())
        .as("the ARN percent-encoded in the path, as the SDK sends it")
        .isEqualTo(
            "/2015-03-31/functions/"
                + FakeContext.FUNCTION_ARN.replace(":", "%3A")
                + "/invocations");
    assertThat(invoke.getHeader("Authorization")).contains("/eu-west-1/lambda/aws4_request");

    JsonNode second = harness.invoke(invoke.getBodyAsString(), FakeContext.create());
    double seconds = (System.nanoTime() - started) / 1e9;

    assertThat(second.get("continued").asBoolean()).isFalse();
    assertThat(lambdaApi.server().findAll(postRequestedFor(urlPathMatching(INVOKE_PATH))))
        .hasSize(1);
    Map<String, Integer> puts = logs.countsOf("PutSubscriptionFilter");
    assertThat(puts).hasSize(GROUPS).containsOnlyKeys(LogsStub.names("/aws/lambda/fn-", GROUPS));
    assertThat(puts.values()).containsOnly(1);
    assertThat(logs.countsOf("DescribeSubscriptionFilters").values())
        .hasSize(GROUPS)
        .containsOnly(1);

    JsonNode one = harness.summary(0);
    JsonNode two = harness.summary(1);
    assertThat(one.get("Subscribed").asInt()).isBetween(1, GROUPS - 1);
    assertThat(one.get("Subscribed").asInt() + two.get("Subscribed").asInt()).isEqualTo(GROUPS);
    assertThat(one.get("generation").asInt()).isEqualTo(1);
    assertThat(two.get("generation").asInt()).isEqualTo(2);
    assertThat(one.get("continued").asBoolean()).isTrue();
    long calls = one.get("calls").asLong() + two.get("calls").asLong();
    Map<String, Integer> onTheWire = new LinkedHashMap<>();
    for (String operation : OPERATIONS) {
      onTheWire.put(operation, logs.requests(operation).size());
    }
    assertThat(calls)
        .as("every call went through the paced client")
        .isEqualTo(onTheWire.values().stream().mapToLong(Integer::longValue).sum());
    // each operation has its own bucket, which may start afresh in the second invocation
    onTheWire.forEach(
        (operation, n) ->
            assertThat(seconds)
                .as("the %s bucket paced %d calls at %.0f/s", operation, n, RATE)
                .isGreaterThanOrEqualTo((n - 2) / RATE));
  }

  @Test
  void a_scheduled_run_whose_hand_over_fails_fails_the_invocation_so_lambda_retries_it() {
    new LogsStub(aws).groupNames(50, LogsStub.names("/aws/lambda/fn-", 100));
    lambdaApi
        .server()
        .stubFor(
            post(urlPathMatching(INVOKE_PATH))
                .willReturn(
                    aResponse()
                        .withStatus(500)
                        .withHeader("x-amzn-ErrorType", "ServiceException")
                        .withBody("{\"message\":\"internal\"}")));
    Harness harness =
        new Harness(
            logsClient, lambda, Map.of("DESTINATION_ARN", DEST, "REQUESTS_PER_SECOND", "10000"));

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                harness.invokeResource(
                    "aws-lambda-java-libs__cloudwatch_event.json",
                    FakeContext.shrinking(900_000, 10_000)))
        .isInstanceOf(SubscribeException.class)
        .hasMessageContaining("Lambda retries it");
    assertThat(harness.summary(0).get("handOverFailed").asBoolean()).isTrue();
  }
}
