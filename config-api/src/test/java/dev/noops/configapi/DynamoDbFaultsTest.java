package dev.noops.configapi;

import static dev.noops.configapi.RestEvents.body;
import static dev.noops.configapi.RestEvents.request;
import static dev.noops.configapi.WireDynamo.TARGET;
import static dev.noops.configapi.WireDynamo.wireItem;
import static dev.noops.configapi.WireDynamo.wireKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.noops.testsupport.AwsWireMock;
import dev.noops.testsupport.AwsWireMock.Reply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults the emulator cannot produce, scripted on the wire (DynamoDB speaks AWS JSON 1.0 with
 * {@code X-Amz-Target: DynamoDB_20120810.<Operation>}): throttling, unprocessed batch keys, and
 * transactions cancelled for reasons other than a lost race.
 */
class DynamoDbFaultsTest {
  private static final String TABLE = "config";
  private static AwsWireMock aws;
  private ConfigApiHandler handler;

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
    handler = WireDynamo.handler(aws, TABLE);
  }

  @Test
  void a_batch_read_asks_again_for_unprocessed_keys_only_and_returns_every_key_once() {
    aws.stubJson(
        TARGET + "BatchGetItem",
        Reply.ok(
            Map.of(
                "Responses",
                Map.of(TABLE, List.of(wireItem("/a", "1"))),
                "UnprocessedKeys",
                Map.of(TABLE, Map.of("Keys", List.of(wireKey("/b")), "ConsistentRead", true)))),
        Reply.ok(
            Map.of(
                "Responses",
                Map.of(TABLE, List.of(wireItem("/b", "2"))),
                "UnprocessedKeys",
                Map.of())));

    JsonNode batch = body(request("GET", "/config").query("keys", "/a,/b").invoke(handler));

    assertThat(batch.get("items"))
        .extracting(i -> i.get("key").asText())
        .containsExactly("/a", "/b");
    assertThat(batch.get("missing")).isEmpty();
    List<JsonNode> sent = aws.jsonRequests(TARGET + "BatchGetItem");
    assertThat(sent).hasSize(2);
    assertThat(sent.get(1).at("/RequestItems/" + TABLE + "/Keys")).hasSize(1);
    assertThat(sent.get(1).at("/RequestItems/" + TABLE + "/Keys/0/pk/S").asText()).isEqualTo("/b");
  }

  @Test
  void keys_left_unprocessed_on_every_attempt_answer_503_not_a_partial_answer() {
    aws.stubJson(
        TARGET + "BatchGetItem",
        Reply.ok(
            Map.of(
                "Responses",
                Map.of(TABLE, List.of()),
                "UnprocessedKeys",
                Map.of(TABLE, Map.of("Keys", List.of(wireKey("/a")))))));

    JsonNode response = request("GET", "/config").query("keys", "/a").invoke(handler);

    assertThat(response.get("statusCode").asInt()).isEqualTo(503);
    assertThat(body(response).get("error").asText()).isEqualTo("ServiceUnavailable");
  }

  @Test
  void throttling_that_outlasts_the_call_budget_answers_503_within_it() {
    aws.stubJson(
        TARGET + "GetItem",
        Reply.error(400, "ProvisionedThroughputExceededException", "throttled"));

    long started = System.nanoTime();
    JsonNode response = request("GET", "/config/a").invoke(handler);

    assertThat(response.get("statusCode").asInt()).isEqualTo(503);
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
        .isLessThan(ConfigApiHandler.CALL_TIMEOUT.plusSeconds(2));
    assertThat(aws.jsonRequests(TARGET + "GetItem")).as("the SDK retried").hasSizeGreaterThan(1);
  }

  @Test
  void a_throttled_read_that_recovers_is_served() {
    aws.stubJson(
        TARGET + "GetItem",
        Reply.error(400, "ThrottlingException", "slow down"),
        Reply.ok(Map.of("Item", wireItem("/a", "1"))));

    JsonNode response = request("GET", "/config/a").invoke(handler);

    assertThat(response.get("statusCode").asInt()).isEqualTo(200);
    assertThat(body(response).get("value").asText()).isEqualTo("1");
  }

  @Test
  void a_transaction_cancelled_for_throttling_answers_503_without_retrying_as_a_lost_race() {
    aws.stubJson(TARGET + "GetItem", Reply.ok(Map.of()));
    aws.stubJson(
        TARGET + "TransactWriteItems",
        new Reply(
            400,
            Map.of(
                "__type",
                "TransactionCanceledException",
                "message",
                "Transaction cancelled",
                "CancellationReasons",
                List.of(Map.of("Code", "ThrottlingError"), Map.of("Code", "None"))),
            "TransactionCanceledException",
            0,
            null));

    JsonNode response = request("PUT", "/config/a").json("{\"value\": \"1\"}").invoke(handler);

    assertThat(response.get("statusCode").asInt()).isEqualTo(503);
    assertThat(aws.jsonRequests(TARGET + "TransactWriteItems")).hasSize(1);
  }

  @Test
  void a_transaction_lost_to_a_concurrent_writer_is_retried_from_a_fresh_read() {
    aws.stubJson(
        TARGET + "GetItem", Reply.ok(Map.of()), Reply.ok(Map.of("Item", wireItem("/a", "other"))));
    aws.stubJson(
        TARGET + "TransactWriteItems",
        new Reply(
            400,
            Map.of(
                "__type",
                "TransactionCanceledException",
                "message",
                "Transaction cancelled",
                "CancellationReasons",
                List.of(Map.of("Code", "ConditionalCheckFailed"), Map.of("Code", "None"))),
            "TransactionCanceledException",
            0,
            null),
        Reply.ok());

    JsonNode response = request("PUT", "/config/a").json("{\"value\": \"mine\"}").invoke(handler);

    assertThat(response.get("statusCode").asInt()).isEqualTo(200);
    assertThat(body(response).get("version").asLong()).isEqualTo(2);
    List<JsonNode> writes = aws.jsonRequests(TARGET + "TransactWriteItems");
    assertThat(writes).hasSize(2);
    assertThat(writes.get(1).at("/TransactItems/0/Put/ExpressionAttributeValues/:ver/N").asText())
        .isEqualTo("1");
  }
}
