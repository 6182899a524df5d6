package dev.noops.support.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.noops.support.Backoff;
import dev.noops.support.Deadline;
import dev.noops.testsupport.AwsWireMock;
import dev.noops.testsupport.AwsWireMock.Reply;
import dev.noops.testsupport.SilentServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AwsJsonClientTest {
  private static final String GET_ITEM = "DynamoDB_20120810.GetItem";

  @RegisterExtension final AwsWireMock aws = AwsWireMock.start();

  @Test
  void a_call_is_signed_names_its_target_and_returns_the_answer() {
    aws.stubJson(GET_ITEM, Reply.ok(Map.of("Item", Map.of("pk", Map.of("S", "a")))));

    byte[] answer =
        client(aws.endpoint()).call("GetItem", json("{\"TableName\":\"t\"}"), Deadline.none());

    assertThat(new String(answer, StandardCharsets.UTF_8)).contains("\"Item\"");
    var request = aws.server().findAll(postRequestedFor(urlEqualTo("/"))).get(0);
    assertThat(request.getHeader("Content-Type")).isEqualTo("application/x-amz-json-1.0");
    assertThat(request.getHeader("Authorization"))
        .startsWith("AWS4-HMAC-SHA256 Credential=AKIATEST/")
        .contains("/eu-west-1/dynamodb/aws4_request");
    assertThat(request.getHeader("X-Amz-Security-Token")).isEqualTo("token");
    assertThat(aws.jsonRequests(GET_ITEM).get(0).get("TableName").asText()).isEqualTo("t");
  }

  @Test
  void throttling_is_retried_and_the_call_succeeds_once() {
    aws.stubJson(
        GET_ITEM,
        Reply.error(
            400,
            "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
            "slow down"),
        Reply.error(503, "ServiceUnavailable", "busy"),
        Reply.ok(Map.of("Item", Map.of())));

    client(aws.endpoint()).call("GetItem", json("{}"), Deadline.none());

    assertThat(aws.jsonRequests(GET_ITEM)).hasSize(3);
  }

  @Test
  void a_client_error_is_thrown_at_once_with_its_code_message_and_status() {
    aws.stubJson(
        GET_ITEM,
        Reply.error(400, "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", "no table"));

    assertThatThrownBy(() -> client(aws.endpoint()).call("GetItem", json("{}"), Deadline.none()))
        .isInstanceOfSatisfying(
            AwsCallException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo("ResourceNotFoundException");
              assertThat(e.is("ResourceNotFoundException")).isTrue();
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage()).contains("no table");
              assertThat(e.serviceMessage()).isEqualTo("no table");
            });
    assertThat(aws.jsonRequests(GET_ITEM)).hasSize(1);
  }

  @Test
  void a_client_error_keeps_the_error_document_for_fields_beyond_code_and_message() {
    aws.stubJson(
        "DynamoDB_20120810.TransactWriteItems",
        new Reply(
            400,
            Map.of(
                "__type",
                "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
                "message",
                "Transaction cancelled",
                "CancellationReasons",
                java.util.List.of(Map.of("Code", "ConditionalCheckFailed"))),
            null,
            0,
            null));

    assertThatThrownBy(
            () -> client(aws.endpoint()).call("TransactWriteItems", json("{}"), Deadline.none()))
        .isInstanceOfSatisfying(
            AwsCallException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo("TransactionCanceledException");
              assertThat(new String(e.answer(), StandardCharsets.UTF_8))
                  .contains("\"CancellationReasons\"", "ConditionalCheckFailed");
            });
  }

  @Test
  void an_answer_over_the_limit_fails_the_call_without_another_attempt() {
    aws.stubJson(GET_ITEM, Reply.ok(Map.of("Item", Map.of("v", Map.of("S", "x".repeat(2048))))));
    AwsJsonClient client = builder(aws.endpoint()).maxAnswerBytes(1024).build();

    assertThatThrownBy(() -> client.call("GetItem", json("{}"), Deadline.none()))
        .isInstanceOfSatisfying(
            AwsCallException.class,
            e -> {
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage()).contains("larger than 1024 bytes");
            });
    assertThat(aws.jsonRequests(GET_ITEM)).hasSize(1);
    assertThat(
            builder(aws.endpoint())
                .maxAnswerBytes(4096)
                .build()
                .call("GetItem", json("{}"), Deadline.none()))
        .hasSizeGreaterThan(2048);
  }

  @Test
  void an_unanswered_call_has_an_empty_error_document() {
    aws.stubJson(GET_ITEM, Reply.connectionReset());

    assertThatThrownBy(
            () ->
                builder(aws.endpoint())
                    .maxAttempts(1)
                    .build()
                    .call("GetItem", json("{}"), Deadline.none()))
        .isInstanceOfSatisfying(
            AwsCallException.class,
            e -> {
              assertThat(e.answer()).isEmpty();
              assertThat(e.serviceMessage()).isEmpty();
            });
  }

  @Test
  void server_errors_stop_after_the_attempts_and_say_so() {
    aws.stubJson(GET_ITEM, Reply.error(500, "InternalServerError", "down"));

    assertThatThrownBy(() -> client(aws.endpoint()).call("GetItem", json("{}"), Deadline.none()))
        .isInstanceOfSatisfying(AwsCallException.class, e -> assertThat(e.retryable()).isTrue());
    assertThat(aws.jsonRequests(GET_ITEM)).hasSize(3);
  }

  @Test
  void a_reset_connection_is_retried() {
    aws.stubJson(GET_ITEM, Reply.connectionReset(), Reply.ok());

    client(aws.endpoint()).call("GetItem", json("{}"), Deadline.none());

    assertThat(aws.jsonRequests(GET_ITEM)).hasSize(2);
  }

  @Test
  void a_late_answer_times_out_each_attempt_and_the_call_ends_at_the_deadline() {
    aws.stubJson(GET_ITEM, Reply.ok().delayedBy(5_000));
    AwsJsonClient client =
        builder(aws.endpoint()).attemptTimeout(Duration.ofMillis(300)).maxAttempts(10).build();

    long started = System.nanoTime();
    assertThatThrownBy(
            () -> client.call("GetItem", json("{}"), Deadline.after(Duration.ofMillis(900))))
        .isInstanceOfSatisfying(AwsCallException.class, e -> assertThat(e.status()).isZero());
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void a_stalled_body_is_cut_off_by_the_watchdog() {
    try (SilentServer stalling = SilentServer.stallingBody()) {
      AwsJsonClient client =
          builder(stalling.uri()).attemptTimeout(Duration.ofMillis(400)).maxAttempts(1).build();

      long started = System.nanoTime();
      assertThatThrownBy(() -> client.call("GetItem", json("{}"), Deadline.none()))
          .isInstanceOf(AwsCallException.class)
          .hasMessageContaining("did not answer within 400 ms");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }
  }

  @Test
  void no_call_is_made_when_the_deadline_has_passed() {
    aws.stubJson(GET_ITEM, Reply.ok());

    assertThatThrownBy(
            () -> client(aws.endpoint()).call("GetItem", json("{}"), Deadline.after(Duration.ZERO)))
        .isInstanceOf(AwsCallException.class)
        .hasMessageContaining("time is up");
    assertThat(aws.jsonRequests(GET_ITEM)).isEmpty();
  }

  @Test
  void an_answer_damaged_in_transit_is_detected_by_its_crc32_and_retried() {
    aws.server()
        .stubFor(
            post(urlEqualTo("/"))
                .willReturn(
                    aResponse().withStatus(200).withHeader("x-amz-crc32", "1").withBody("{}")));

    assertThatThrownBy(() -> client(aws.endpoint()).call("GetItem", json("{}"), Deadline.none()))
        .isInstanceOf(AwsCallException.class)
        .hasMessageContaining("CRC32");
    assertThat(aws.jsonRequests(GET_ITEM)).hasSize(3);
  }

  @Test
  void rest_json_errors_are_read_from_the_error_type_header() {
    aws.server()
        .stubFor(
            post(urlEqualTo("/2015-03-31/functions/f/invocations"))
                .willReturn(
                    aResponse()
                        .withStatus(404)
                        .withHeader(
                            "x-amzn-ErrorType",
                            "ResourceNotFoundException:http://internal.amazon.com/")
                        .withBody("{\"Message\":\"Function not found: f\"}")));
    AwsJsonClient lambda =
        AwsJsonClient.builder()
            .signingName("lambda")
            .endpoint(aws.endpoint())
            .region("eu-west-1")
            .credentials(() -> new AwsCredentials("AKIATEST", "secret", null))
            .build();

    assertThatThrownBy(
            () ->
                lambda.send(
                    "POST",
                    "/2015-03-31/functions/f/invocations",
                    Map.of(),
                    json("{}"),
                    Deadline.none()))
        .isInstanceOfSatisfying(
            AwsCallException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo("ResourceNotFoundException");
              assertThat(e.getMessage()).contains("Function not found: f");
            });
  }

  @Test
  void error_codes_lose_their_namespace_and_suffix() {
    assertThat(AwsJsonClient.errorCode("com.amazonaws.kms#NotFoundException"))
        .isEqualTo("NotFoundException");
    assertThat(AwsJsonClient.errorCode("ThrottlingException:http://x"))
        .isEqualTo("ThrottlingException");
    assertThat(AwsJsonClient.errorCode("")).isEmpty();
  }

  private static AwsJsonClient client(URI endpoint) {
    return builder(endpoint).build();
  }

  private static AwsJsonClient.Builder builder(URI endpoint) {
    return AwsJsonClient.builder()
        .signingName("dynamodb")
        .endpoint(endpoint)
        .region("eu-west-1")
        .credentials(() -> new AwsCredentials("AKIATEST", "secret", "token"))
        .json("1.0", "DynamoDB_20120810")
        .backoff(Backoff.builder().delays(Duration.ofMillis(1), Duration.ofMillis(5)).build());
  }

  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
