package dev.noops.subscribe;

import static dev.noops.subscribe.SubscribeWireTest.DEST;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.noops.lambda.Lazy;
import dev.noops.support.aws.AwsJsonClient;
import dev.noops.testsupport.AwsWireMock;
import dev.noops.testsupport.FakeContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SnapStart hook builds every client without a request to AWS; the handler subscribes with them
 * after restore.
 */
class SubscriberPrimingTest {
  private AwsWireMock aws;
  private Lazy<CloudWatchLogs> logs;
  private Lazy<AwsJsonClient> lambda;
  private Lazy<HttpClient> http;

  @BeforeEach
  void start() {
    aws = AwsWireMock.start();
    logs = new Lazy<>(() -> TestClients.logs(aws));
    lambda = new Lazy<>(() -> TestClients.lambda(aws.endpoint()));
    http = new Lazy<>(HttpClient::newHttpClient);
  }

  @AfterEach
  void stop() {
    aws.close();
  }

  private SubscribeHandler handler() {
    return new SubscribeHandler(
        () -> SubscribeSettings.fromEnvironment(Map.of("DESTINATION_ARN", DEST)),
        logs,
        lambda,
        new CfnResponder(http, d -> {}));
  }

  @Test
  void nothing_is_built_before_the_first_event_that_needs_it() {
    handler();

    assertThat(logs.built()).isFalse();
    assertThat(lambda.built()).isFalse();
    assertThat(http.built()).isFalse();
  }

  @Test
  void before_checkpoint_builds_the_clients_without_a_request_and_they_work_after_restore()
      throws Exception {
    new LogsStub(aws);
    SubscribeHandler handler = handler();

    handler.priming().beforeCheckpoint(null);
    handler.priming().afterRestore(null);

    assertThat(logs.built()).isTrue();
    assertThat(lambda.built()).isTrue();
    assertThat(http.built()).isTrue();
    assertThat(aws.server().getAllServeEvents()).as("requests to AWS while priming").isEmpty();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(
            Harness.resource("eventbridge-cloudtrail-CreateLogGroup.json")
                .getBytes(StandardCharsets.UTF_8)),
        out,
        FakeContext.create());
    JsonNode result = Harness.JSON.readTree(out.toByteArray());
    assertThat(result.get("summary").asText()).startsWith("subscribed 1,");
    assertThat(aws.server().getAllServeEvents()).isNotEmpty();
  }

  @Test
  void the_priming_sample_is_an_event_the_handler_would_subscribe() throws Exception {
    JsonNode sample = Harness.JSON.readTree(SubscriberPriming.SAMPLE);

    assertThat(sample.path("source").asText()).isEqualTo("aws.logs");
    assertThat(sample.path("detail-type").asText()).isEqualTo("AWS API Call via CloudTrail");
    assertThat(sample.path("detail").path("eventName").asText()).isEqualTo("CreateLogGroup");
  }
}
