package dev.noops.configapi;

import static dev.noops.configapi.RestEvents.body;
import static dev.noops.configapi.RestEvents.request;
import static dev.noops.configapi.WireDynamo.TARGET;
import static dev.noops.configapi.WireDynamo.wireItem;
import static dev.noops.configapi.WireDynamo.wireKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.noops.support.aws.AwsCallException;
import dev.noops.testsupport.AwsWireMock;
import dev.noops.testsupport.AwsWireMock.Reply;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The DynamoDB JSON protocol as {@link DynamoDb} speaks it: against the emulator (typed values,
 * paging, cancelled transactions with their reasons, batches) and, for what the emulator cannot
 * produce, against scripted answers (5xx, malformed JSON, attribute types the table never holds).
 */
class DynamoDbTest {
  private static Dynamo dynamo;

  @RegisterExtension final AwsWireMock aws = AwsWireMock.start();

  @BeforeAll
  static void start() {
    dynamo = new Dynamo();
  }

  @AfterAll
  static void stop() {
    dynamo.close();
  }

  @Test
  void strings_numbers_and_booleans_round_trip_escapes_and_all() {
    String table = dynamo.newTable();
    String hostile = "quote \" backslash \\ newline \n nul \u0000 é 日本 \uD83D\uDE00 </script>";
    Map<String, Attr> item = new HashMap<>(Items.key("/k", 0));
    item.put("val", Attr.s(hostile));
    item.put("ver", Attr.n(Long.MAX_VALUE));
    item.put("enc", Attr.bool(true));
    item.put("del", Attr.bool(false));

    assertThat(dynamo.api.transactWriteItems(List.of(put(table, item)))).isEmpty();

    Map<String, Attr> read = dynamo.api.getItem(table, Items.key("/k", 0)).orElseThrow();
    assertThat(read).isEqualTo(item);
    assertThat(read.get("val").s()).isEqualTo(hostile);
    assertThat(read.get("enc").isTrue()).isTrue();
    assertThat(read.get("del").isTrue()).isFalse();
    assertThat(dynamo.api.getItem(table, Items.key("/absent", 0))).isEmpty();
  }

  @Test
  void a_failed_condition_cancels_the_transaction_with_a_reason_per_item_and_writes_nothing() {
    String table = dynamo.newTable();
    Map<String, Attr> first = item("/a", 0, "1");
    dynamo.api.transactWriteItems(List.of(put(table, first)));

    Optional<DynamoDb.Cancellation> cancelled =
        dynamo.api.transactWriteItems(
            List.of(put(table, item("/a", 0, "2")), put(table, item("/a", 1, "2"))));

    assertThat(cancelled).isPresent();
    assertThat(cancelled.get().reasons()).containsExactly("ConditionalCheckFailed", "None");
    assertThat(cancelled.get().error().errorCode()).isEqualTo("TransactionCanceledException");
    assertThat(dynamo.api.getItem(table, Items.key("/a", 0)).orElseThrow().get("val").s())
        .isEqualTo("1");
    assertThat(dynamo.api.getItem(table, Items.key("/a", 1))).isEmpty();
  }

  @Test
  void a_query_pages_with_last_evaluated_key_until_the_last_page() {
    String table = dynamo.newTable();
    for (int v = 1; v <= 7; v++) {
      dynamo.api.transactWriteItems(List.of(put(table, item("/paged", v, "v" + v))));
    }
    List<String> read = new ArrayList<>();
    Map<String, Attr> start = null;
    int pages = 0;
    do {
      DynamoDb.QueryAnswer page =
          dynamo.api.query(
              new DynamoDb.Query(
                  table, null, "pk = :pk", Map.of(":pk", Attr.s("/paged")), 3, true, false, start));
      page.items().forEach(i -> read.add(i.get("val").s()));
      start = page.lastEvaluatedKey().isEmpty() ? null : page.lastEvaluatedKey();
      pages++;
    } while (start != null && pages < 10);

    assertThat(read).containsExactly("v7", "v6", "v5", "v4", "v3", "v2", "v1");
    assertThat(pages).isBetween(3, 4);
  }

  @Test
  void a_batch_of_100_keys_returns_those_that_exist() {
    String table = dynamo.newTable();
    dynamo.api.transactWriteItems(List.of(put(table, item("/k7", 0, "7"))));
    dynamo.api.transactWriteItems(List.of(put(table, item("/k99", 0, "99"))));
    List<Map<String, Attr>> keys = new ArrayList<>();
    for (int i = 0; i < ConfigStore.MAX_BATCH; i++) {
      keys.add(Items.key("/k" + i, 0));
    }

    DynamoDb.BatchAnswer answer = dynamo.api.batchGetItem(table, keys);

    assertThat(answer.items())
        .extracting(i -> i.get("pk").s())
        .containsExactlyInAnyOrder("/k7", "/k99");
    assertThat(answer.unprocessed()).isEmpty();
  }

  @Test
  void server_errors_are_retried_and_a_read_that_recovers_is_served() {
    aws.stubJson(
        TARGET + "GetItem",
        Reply.error(500, "InternalServerError", "oops"),
        Reply.error(503, "ServiceUnavailable", "busy"),
        Reply.ok(Map.of("Item", wireItem("/a", "1"))));

    JsonNode response = request("GET", "/config/a").invoke(handler());

    assertThat(response.get("statusCode").asInt()).isEqualTo(200);
    assertThat(body(response).get("value").asText()).isEqualTo("1");
    assertThat(aws.jsonRequests(TARGET + "GetItem")).hasSize(3);
  }

  @Test
  void server_errors_on_every_attempt_answer_503() {
    aws.stubJson(TARGET + "GetItem", Reply.error(500, "InternalServerError", "oops"));

    JsonNode response = request("GET", "/config/a").invoke(handler());

    assertThat(response.get("statusCode").asInt()).isEqualTo(503);
    assertThat(body(response).get("error").asText()).isEqualTo("ServiceUnavailable");
    assertThat(aws.jsonRequests(TARGET + "GetItem")).hasSize(3);
  }

  @Test
  void a_client_error_is_not_retried_and_answers_503() {
    aws.stubJson(
        TARGET + "GetItem",
        Reply.error(400, "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", "no table"));

    JsonNode response = request("GET", "/config/a").invoke(handler());

    assertThat(response.get("statusCode").asInt()).isEqualTo(503);
    assertThat(aws.jsonRequests(TARGET + "GetItem")).hasSize(1);
  }

  @Test
  void a_conditional_check_failure_outside_a_transaction_is_an_error_not_a_retry() {
    aws.stubJson(
        TARGET + "TransactWriteItems",
        Reply.error(400, "ConditionalCheckFailedException", "The conditional request failed"));
    DynamoDb api = WireDynamo.dynamoDb(aws);

    assertThatThrownBy(() -> api.transactWriteItems(List.of(put("t", item("/a", 0, "1")))))
        .isInstanceOfSatisfying(
            AwsCallException.class,
            e -> assertThat(e.errorCode()).isEqualTo("ConditionalCheckFailedException"));
    assertThat(aws.jsonRequests(TARGET + "TransactWriteItems")).hasSize(1);
  }

  @Test
  void a_cancellation_without_reasons_is_no_lost_race_and_answers_503() {
    aws.stubJson(TARGET + "GetItem", Reply.ok(Map.of()));
    aws.stubJson(
        TARGET + "TransactWriteItems",
        Reply.error(400, "TransactionCanceledException", "Transaction cancelled"));

    JsonNode response = request("PUT", "/config/a").json("{\"value\": \"1\"}").invoke(handler());

    assertThat(response.get("statusCode").asInt()).isEqualTo(503);
    assertThat(aws.jsonRequests(TARGET + "TransactWriteItems")).hasSize(1);
  }

  @Test
  void an_answer_that_is_not_dynamodb_json_answers_503() {
    aws.stubJson(TARGET + "GetItem", Reply.ok(Map.of("Item", Map.of("pk", "not typed"))));

    JsonNode response = request("GET", "/config/a").invoke(handler());

    assertThat(response.get("statusCode").asInt()).isEqualTo(503);
    assertThat(body(response).get("error").asText()).isEqualTo("ServiceUnavailable");
  }

  @Test
  void attributes_of_types_the_table_never_holds_are_read_past() {
    Map<String, Object> item = new HashMap<>(wireItem("/a", "1"));
    item.put("tags", Map.of("L", List.of(Map.of("S", "x"), Map.of("M", Map.of()))));
    item.put("meta", Map.of("M", Map.of("n", Map.of("N", "1"))));
    item.put("blob", Map.of("B", "AAE="));
    item.put("nothing", Map.of("NULL", true));
    aws.stubJson(TARGET + "GetItem", Reply.ok(Map.of("Item", item, "ConsumedCapacity", Map.of())));

    JsonNode response = request("GET", "/config/a").invoke(handler());

    assertThat(response.get("statusCode").asInt()).isEqualTo(200);
    assertThat(body(response).get("value").asText()).isEqualTo("1");
  }

  @Test
  void unprocessed_keys_of_a_batch_are_asked_again_until_none_are_left() {
    aws.stubJson(
        TARGET + "BatchGetItem",
        Reply.ok(
            Map.of(
                "Responses",
                Map.of("config", List.of(), "other", List.of(wireItem("/x", "x"))),
                "UnprocessedKeys",
                Map.of("config", Map.of("Keys", List.of(wireKey("/a"), wireKey("/b")))))),
        Reply.ok(
            Map.of(
                "Responses",
                Map.of("config", List.of(wireItem("/a", "1"))),
                "UnprocessedKeys",
                Map.of("config", Map.of("Keys", List.of(wireKey("/b")))))),
        Reply.ok(Map.of("Responses", Map.of("config", List.of()), "UnprocessedKeys", Map.of())));

    JsonNode batch = body(request("GET", "/config").query("keys", "/a,/b").invoke(handler()));

    assertThat(batch.get("items")).extracting(i -> i.get("key").asText()).containsExactly("/a");
    assertThat(batch.get("missing")).extracting(JsonNode::asText).containsExactly("/b");
    List<JsonNode> sent = aws.jsonRequests(TARGET + "BatchGetItem");
    assertThat(sent).hasSize(3);
    assertThat(sent.get(0).at("/RequestItems/config/Keys")).hasSize(2);
    assertThat(sent.get(0).at("/RequestItems/config/ConsistentRead").asBoolean()).isTrue();
    assertThat(sent.get(2).at("/RequestItems/config/Keys")).hasSize(1);
  }

  private ConfigApiHandler handler() {
    return WireDynamo.handler(aws, "config");
  }

  private static DynamoDb.Put put(String table, Map<String, Attr> item) {
    return new DynamoDb.Put(table, item, "attribute_not_exists(pk)", Map.of(), Map.of());
  }

  private static Map<String, Attr> item(String key, long sk, String value) {
    Map<String, Attr> item = new HashMap<>(Items.key(key, sk));
    item.put("val", Attr.s(value));
    return item;
  }
}
