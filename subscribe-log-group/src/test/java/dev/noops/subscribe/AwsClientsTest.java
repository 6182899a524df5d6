package dev.noops.subscribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.noops.testsupport.AwsSystemProperties;
import dev.noops.testsupport.AwsWireMock;
import dev.noops.testsupport.FakeContext;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.CloudWatchLogsException;

/**
 * The production clients find their endpoint, region and credentials the standard way (here the
 * aws.* system properties, the JVM twins of AWS_ENDPOINT_URL, AWS_REGION and the key variables):
 * the Lambda's without the SDK, the command line's through its SDK client.
 */
@SuppressWarnings("try") // the system properties are held for the try blocks' scope
class AwsClientsTest {

  @Test
  void the_real_client_honours_the_configured_endpoint_and_leaves_retries_to_the_bucket() {
    try (AwsWireMock aws = AwsWireMock.start()) {
      LogsStub logs = new LogsStub(aws);
      logs.answersAll("PutSubscriptionFilter", LogsStub.throttled(), LogsStub.ok(Map.of()));
      try (AwsSystemProperties ignored = AwsSystemProperties.pointingAt(aws)) {
        LogGroupSubscriber subscriber =
            TestClients.subscriber(CloudWatchLogs.fromSystem(), settings());

        GroupOutcome outcome = subscriber.subscribe("/aws/lambda/a", false);

        assertThat(outcome.action()).isEqualTo(Action.SUBSCRIBED);
        assertThat(logs.requests("PutSubscriptionFilter")).hasSize(2);
        assertThat(subscriber.retries())
            .as("the one retry was ours, not the client's")
            .isEqualTo(1);
        assertThat(aws.server().getAllServeEvents())
            .allSatisfy(
                e ->
                    assertThat(e.getRequest().getHeader("Authorization"))
                        .startsWith("AWS4-HMAC-SHA256 Credential=test/")
                        .contains("/eu-west-1/logs/aws4_request"));
      }
    }
  }

  @Test
  void the_command_lines_sdk_client_configures_the_calls_and_failures_leave_as_sdk_exceptions() {
    try (AwsWireMock aws = AwsWireMock.start()) {
      LogsStub logs = new LogsStub(aws);
      logs.answersAll("PutSubscriptionFilter", LogsStub.ok(Map.of()));
      aws.stubJson(
          AwsWireMock.LOGS + ".DescribeLogGroups",
          AwsWireMock.Reply.error(400, "AccessDeniedException", "not authorized"));
      try (AwsSystemProperties ignored = AwsSystemProperties.pointingAt(aws);
          CloudWatchLogsClient client = AwsClients.cloudWatchLogs("eu-west-1")) {
        LogGroupSubscriber subscriber = LogGroupSubscriber.create(client, settings());

        assertThat(subscriber.subscribe("/aws/lambda/a", false).action())
            .isEqualTo(Action.SUBSCRIBED);
        assertThatThrownBy(() -> subscriber.reconcile(false, o -> {}))
            .isInstanceOfSatisfying(
                CloudWatchLogsException.class,
                e -> {
                  assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                  assertThat(e.statusCode()).isEqualTo(400);
                  assertThat(e.getMessage()).startsWith("not authorized");
                });
      }
    }
  }

  private static SubscribeSettings settings() {
    return SubscribeSettings.builder()
        .destinationArn(SubscribeWireTest.DEST)
        .requestsPerSecond(1000)
        .build();
  }

  @Test
  void the_no_arg_handler_builds_real_clients_and_reads_its_configuration_only_when_needed()
      throws Exception {
    try (AwsSystemProperties ignored = AwsSystemProperties.regionAndKeys()) {
      SubscribeHandler handler = new SubscribeHandler();
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

      handler.handleRequest(
          new java.io.ByteArrayInputStream(
              "{\"hello\":\"world\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
          out,
          FakeContext.create());

      assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8))
          .contains("\"status\":\"ignored\"");
    }
  }
}
