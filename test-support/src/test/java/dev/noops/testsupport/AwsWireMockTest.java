package dev.noops.testsupport;

import static dev.noops.testsupport.AwsWireMock.CLOUDWATCH;
import static dev.noops.testsupport.AwsWireMock.KMS;
import static dev.noops.testsupport.AwsWireMock.LOGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.noops.testsupport.AwsWireMock.Reply;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LimitExceededException;
import software.amazon.awssdk.services.kms.KmsClient;

class AwsWireMockTest {
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
  private static AwsWireMock aws;

  @BeforeAll
  static void start() {
    aws = AwsWireMock.start();
  }

  @AfterAll
  static void stop() {
    aws.close();
  }

  @BeforeEach
  void reset() {
    aws.reset();
  }

  @Test
  void answers_cloudwatch_logs_in_json_1_1_and_records_the_exact_body() {
    aws.stubJson(LOGS + ".PutSubscriptionFilter", Reply.ok());
    try (CloudWatchLogsClient logs =
        CloudWatchLogsClient.builder()
            .endpointOverride(aws.endpoint())
            .region(Region.EU_WEST_1)
            .credentialsProvider(CREDENTIALS)
            .httpClient(UrlConnectionHttpClient.create())
            .build()) {
      logs.putSubscriptionFilter(
          b ->
              b.logGroupName("/aws/lambda/orders")
                  .filterName("noops")
                  .filterPattern("")
                  .destinationArn("arn:aws:lambda:eu-west-1:123456789012:function:ship"));
    }

    List<JsonNode> sent = aws.jsonRequests(LOGS + ".PutSubscriptionFilter");
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).get("logGroupName").asText()).isEqualTo("/aws/lambda/orders");
    assertThat(sent.get(0).get("destinationArn").asText()).endsWith(":function:ship");
  }

  @Test
  void scripted_errors_reach_the_sdk_as_typed_exceptions_and_sequences_advance() {
    aws.stubJson(
        LOGS + ".DescribeLogGroups",
        Reply.error(400, "ThrottlingException", "Rate exceeded"),
        Reply.ok(Map.of("logGroups", List.of(Map.of("logGroupName", "/aws/lambda/a")))));
    aws.stubJson(
        LOGS + ".PutRetentionPolicy",
        Reply.error(400, "LimitExceededException", "Resource limit exceeded."));
    try (CloudWatchLogsClient logs =
        CloudWatchLogsClient.builder()
            .endpointOverride(aws.endpoint())
            .region(Region.EU_WEST_1)
            .credentialsProvider(CREDENTIALS)
            .httpClient(UrlConnectionHttpClient.create())
            .build()) {

      assertThat(logs.describeLogGroups().logGroups())
          .extracting(g -> g.logGroupName())
          .containsExactly("/aws/lambda/a");
      assertThat(aws.jsonRequests(LOGS + ".DescribeLogGroups"))
          .as("throttled once, then retried by the SDK")
          .hasSize(2);

      assertThatThrownBy(
              () -> logs.putRetentionPolicy(b -> b.logGroupName("/g").retentionInDays(7)))
          .isInstanceOf(LimitExceededException.class)
          .hasMessageContaining("Resource limit exceeded.");
    }
  }

  @Test
  void answers_kms_encrypt_with_the_encryption_context_on_the_wire() {
    byte[] blob = {1, 2, 3};
    aws.stubJson(
        KMS + ".Encrypt",
        Reply.ok(Map.of("CiphertextBlob", Base64.getEncoder().encodeToString(blob), "KeyId", "k")));
    try (KmsClient kms =
        KmsClient.builder()
            .endpointOverride(aws.endpoint())
            .region(Region.EU_WEST_1)
            .credentialsProvider(CREDENTIALS)
            .httpClient(UrlConnectionHttpClient.create())
            .build()) {
      SdkBytes ciphertext =
          kms.encrypt(
                  b ->
                      b.keyId("alias/noops")
                          .plaintext(SdkBytes.fromUtf8String("s3cret"))
                          .encryptionContext(Map.of("noops:key", "/orders/db")))
              .ciphertextBlob();
      assertThat(ciphertext.asByteArray()).containsExactly(blob);
    }
    JsonNode sent = aws.jsonRequests(KMS + ".Encrypt").get(0);
    assertThat(sent.at("/EncryptionContext/noops:key").asText()).isEqualTo("/orders/db");
  }

  @Test
  @SuppressWarnings("unchecked") // the SDK's metricData(Consumer...) varargs of a generic type
  void answers_cloudwatch_in_rpc_v2_cbor_and_decodes_put_metric_data() {
    aws.stubCbor(CLOUDWATCH, "PutMetricData", Reply.ok());
    try (CloudWatchClient cloudWatch =
        CloudWatchClient.builder()
            .endpointOverride(aws.endpoint())
            .region(Region.EU_WEST_1)
            .credentialsProvider(CREDENTIALS)
            .httpClient(UrlConnectionHttpClient.create())
            .build()) {
      cloudWatch.putMetricData(
          b ->
              b.namespace("noops")
                  .metricData(
                      d ->
                          d.metricName("yubls-served")
                              .value(8.0)
                              .unit(StandardUnit.COUNT)
                              .timestamp(Instant.parse("2026-11-25T10:00:00Z"))));
    }

    List<JsonNode> sent = aws.cborRequests(CLOUDWATCH, "PutMetricData");
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).get("Namespace").asText()).isEqualTo("noops");
    JsonNode datum = sent.get(0).get("MetricData").get(0);
    assertThat(datum.get("MetricName").asText()).isEqualTo("yubls-served");
    assertThat(datum.get("Value").asDouble()).isEqualTo(8.0);
    assertThat(datum.get("Unit").asText()).isEqualTo("Count");
  }

  @Test
  @SuppressWarnings("unchecked") // the SDK's metricData(Consumer...) varargs of a generic type
  void cbor_errors_reach_the_sdk() {
    aws.stubCbor(
        CLOUDWATCH,
        "PutMetricData",
        Reply.error(400, "InvalidParameterValueException", "bad value"));
    try (CloudWatchClient cloudWatch =
        CloudWatchClient.builder()
            .endpointOverride(aws.endpoint())
            .region(Region.EU_WEST_1)
            .credentialsProvider(CREDENTIALS)
            .httpClient(UrlConnectionHttpClient.create())
            .build()) {
      assertThatThrownBy(
              () ->
                  cloudWatch.putMetricData(
                      b -> b.namespace("noops").metricData(d -> d.metricName("m").value(1.0))))
          .hasMessageContaining("bad value");
    }
  }

  @Test
  void as_an_extension_on_an_instance_field_it_stops_after_each_test() {
    AwsWireMock aws = AwsWireMock.start();
    aws.afterEach(null);
    assertThat(aws.server().isRunning()).isFalse();
  }

  @Test
  void as_an_extension_on_a_static_field_it_lives_until_the_last_test() {
    AwsWireMock aws = AwsWireMock.start();
    aws.beforeAll(null);
    aws.afterEach(null);
    assertThat(aws.server().isRunning()).isTrue();
    aws.afterAll(null);
    assertThat(aws.server().isRunning()).isFalse();
  }
}
