package dev.noops.subscribe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.noops.testsupport.AwsWireMock;
import dev.noops.testsupport.FakeContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/**
 * The production client finds its endpoint, region and credentials the standard way (here the aws.*
 * system properties, the JVM twins of AWS_ENDPOINT_URL, AWS_REGION and the key variables).
 */
class AwsClientsTest {

  @Test
  void the_real_client_honours_the_configured_endpoint_and_leaves_retries_to_the_bucket() {
    try (AwsWireMock aws = AwsWireMock.start()) {
      LogsStub logs = new LogsStub(aws);
      logs.answersAll("PutSubscriptionFilter", LogsStub.throttled(), LogsStub.ok(Map.of()));
      Map<String, String> props =
          Map.of(
              "aws.endpointUrl",
              aws.endpoint().toString(),
              "aws.region",
              "eu-west-1",
              "aws.accessKeyId",
              "test",
              "aws.secretAccessKey",
              "test");
      props.forEach(System::setProperty);
      try (CloudWatchLogsClient client = AwsClients.cloudWatchLogs()) {
        SubscribeSettings settings =
            SubscribeSettings.builder()
                .destinationArn(SubscribeWireTest.DEST)
                .requestsPerSecond(1000)
                .build();
        LogGroupSubscriber subscriber = TestClients.subscriber(client, settings);

        GroupOutcome outcome = subscriber.subscribe("/aws/lambda/a", false);

        assertThat(outcome.action()).isEqualTo(Action.SUBSCRIBED);
        assertThat(logs.requests("PutSubscriptionFilter")).hasSize(2);
        assertThat(subscriber.retries()).as("the one retry was ours, not the SDK's").isEqualTo(1);
      } finally {
        List.copyOf(props.keySet()).forEach(System::clearProperty);
      }
    }
  }

  @Test
  void the_no_arg_handler_builds_real_clients_and_reads_its_configuration_only_when_needed()
      throws Exception {
    Map<String, String> props =
        Map.of("aws.region", "eu-west-1", "aws.accessKeyId", "test", "aws.secretAccessKey", "test");
    props.forEach(System::setProperty);
    try {
      SubscribeHandler handler = new SubscribeHandler();
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

      handler.handleRequest(
          new java.io.ByteArrayInputStream(
              "{\"hello\":\"world\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
          out,
          FakeContext.create());

      assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8))
          .contains("\"status\":\"ignored\"");
    } finally {
      List.copyOf(props.keySet()).forEach(System::clearProperty);
    }
  }
}
