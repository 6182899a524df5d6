package dev.noops.configapi;

import static dev.noops.configapi.RestEvents.body;
import static dev.noops.configapi.RestEvents.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Lambda handler end to end: REST v1 proxy events in, DynamoDB (emulator) behind, proxy
 * responses out.
 */
class ConfigApiHandlerTest {
  private static final String ALICE = "arn:aws:iam::123456789012:user/alice";
  private static Dynamo dynamo;
  private final TestSealer keyRing = new TestSealer();
  private String table;
  private ConfigApiHandler handler;

  @BeforeAll
  static void startDynamo() {
    dynamo = new Dynamo();
  }

  @AfterAll
  static void stopDynamo() {
    dynamo.close();
  }

  @BeforeEach
  void newTable() {
    table = dynamo.newTable();
    handler =
        new ConfigApiHandler(
            new ConfigApi(new ConfigService(store(dynamo.api, table), keyRing, Clock.systemUTC())));
  }

  /** The store under test: reads every entry from the table (see SoleWriterHandlerTest). */
  ConfigStore store(DynamoDb api, String table) {
    return new ConfigStore(api, table);
  }

  @Test
  void puts_then_gets_a_value_with_its_version_as_etag() {
    JsonNode put =
        put("/orders/db-url", "{\"value\": \"jdbc:postgresql://db/orders\"}").invoke(handler);
    assertThat(put.get("statusCode").asInt()).isEqualTo(201);
    assertThat(put.at("/headers/ETag").asText()).isEqualTo("\"1\"");

    JsonNode get = request("GET", "/config/orders/db-url").invoke(handler);

    assertThat(get.get("statusCode").asInt()).isEqualTo(200);
    assertThat(get.at("/headers/ETag").asText()).isEqualTo("\"1\"");
    assertThat(get.at("/headers/Content-Type").asText()).startsWith("application/json");
    JsonNode item = body(get);
    assertThat(item.get("key").asText()).isEqualTo("/orders/db-url");
    assertThat(item.get("value").asText()).isEqualTo("jdbc:postgresql://db/orders");
    assertThat(item.get("encrypted").asBoolean()).isFalse();
    assertThat(item.get("version").asLong()).isEqualTo(1);
    assertThat(item.get("updatedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(item.get("updatedBy").asText()).isEqualTo("theUserArn");
  }

  @Test
  void a_second_put_answers_200_and_moves_the_version_on() {
    put("/a", "{\"value\": \"1\"}").invoke(handler);
    JsonNode second = put("/a", "{\"value\": \"2\"}").invoke(handler);

    assertThat(second.get("statusCode").asInt()).isEqualTo(200);
    assertThat(body(second).get("version").asLong()).isEqualTo(2);
  }

  @Test
  void a_get_with_the_current_etag_answers_304_with_no_body() {
    put("/a", "{\"value\": \"1\"}").invoke(handler);

    JsonNode same = request("GET", "/config/a").header("If-None-Match", "\"1\"").invoke(handler);
    JsonNode weak = request("GET", "/config/a").header("If-None-Match", "W/\"1\"").invoke(handler);
    JsonNode stale =
        request("GET", "/config/a").header("If-None-Match", "\"7\", \"8\"").invoke(handler);

    assertThat(same.get("statusCode").asInt()).isEqualTo(304);
    assertThat(same.get("body").isNull()).isTrue();
    assertThat(same.at("/headers/ETag").asText()).isEqualTo("\"1\"");
    assertThat(weak.get("statusCode").asInt()).isEqualTo(304);
    assertThat(stale.get("statusCode").asInt()).isEqualTo(200);
  }

  @Test
  void if_match_writes_only_over_the_version_named() {
    put("/a", "{\"value\": \"1\"}").invoke(handler);

    JsonNode stale = put("/a", "{\"value\": \"lost\"}").header("If-Match", "\"5\"").invoke(handler);
    JsonNode fresh = put("/a", "{\"value\": \"2\"}").header("If-Match", "\"1\"").invoke(handler);

    assertThat(stale.get("statusCode").asInt()).isEqualTo(412);
    assertThat(body(stale).get("error").asText()).isEqualTo("PreconditionFailed");
    assertThat(body(stale).get("message").asText()).contains("version 5").contains("version 1");
    assertThat(fresh.get("statusCode").asInt()).isEqualTo(200);
    assertThat(body(request("GET", "/config/a").invoke(handler)).get("value").asText())
        .isEqualTo("2");
    assertThat(dynamo.itemCount(table))
        .as("current + 2 versions; the 412 wrote nothing")
        .isEqualTo(3);
  }

  @Test
  void if_match_on_a_key_that_does_not_exist_answers_412() {
    JsonNode response =
        put("/nope", "{\"value\": \"x\"}").header("If-Match", "\"1\"").invoke(handler);

    assertThat(response.get("statusCode").asInt()).isEqualTo(412);
    assertThat(dynamo.itemCount(table)).isZero();
  }

  @Test
  void if_none_match_star_creates_only_when_the_key_is_absent() {
    JsonNode created =
        put("/a", "{\"value\": \"first\"}").header("If-None-Match", "*").invoke(handler);
    JsonNode refused =
        put("/a", "{\"value\": \"second\"}").header("If-None-Match", "*").invoke(handler);

    assertThat(created.get("statusCode").asInt()).isEqualTo(201);
    assertThat(refused.get("statusCode").asInt()).isEqualTo(412);
    assertThat(body(request("GET", "/config/a").invoke(handler)).get("value").asText())
        .isEqualTo("first");
  }

  @Test
  void history_lists_versions_newest_first_in_pages_and_one_version_can_be_read() {
    for (int i = 1; i <= 5; i++) {
      put("/a", "{\"value\": \"v" + i + "\"}").invoke(handler);
    }

    List<Long> versions = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      RestEvents page = request("GET", "/history/a").query("limit", "2");
      if (token != null) {
        page.query("nextToken", token);
      }
      JsonNode history = body(page.invoke(handler));
      assertThat(history.get("key").asText()).isEqualTo("/a");
      history.get("versions").forEach(v -> versions.add(v.get("version").asLong()));
      token = history.get("nextToken").isNull() ? null : history.get("nextToken").asText();
      pages++;
    } while (token != null && pages < 10);

    assertThat(versions).containsExactly(5L, 4L, 3L, 2L, 1L);
    JsonNode third = request("GET", "/config/a").query("version", "3").invoke(handler);
    assertThat(third.get("statusCode").asInt()).isEqualTo(200);
    assertThat(body(third).get("value").asText()).isEqualTo("v3");
    assertThat(third.at("/headers/ETag").asText()).isEqualTo("\"3\"");
  }

  @Test
  void rollback_is_a_put_of_an_old_value_with_if_match() {
    put("/a", "{\"value\": \"good\"}").invoke(handler);
    put("/a", "{\"value\": \"bad\"}").invoke(handler);
    String old =
        body(request("GET", "/config/a").query("version", "1").invoke(handler))
            .get("value")
            .asText();

    JsonNode rollback =
        put("/a", RestEvents.JSON.createObjectNode().put("value", old).toString())
            .header("If-Match", "\"2\"")
            .invoke(handler);

    assertThat(rollback.get("statusCode").asInt()).isEqualTo(200);
    JsonNode current = body(request("GET", "/config/a").invoke(handler));
    assertThat(current.get("value").asText()).isEqualTo("good");
    assertThat(current.get("version").asLong()).isEqualTo(3);
  }

  @Test
  void delete_answers_204_keeps_the_history_and_a_new_put_continues_the_versions() {
    put("/a", "{\"value\": \"1\"}").invoke(handler);

    JsonNode deleted = request("DELETE", "/config/a").invoke(handler);
    assertThat(deleted.get("statusCode").asInt()).isEqualTo(204);
    assertThat(deleted.get("body").isNull()).isTrue();
    assertThat(request("GET", "/config/a").invoke(handler).get("statusCode").asInt())
        .isEqualTo(404);
    assertThat(request("DELETE", "/config/a").invoke(handler).get("statusCode").asInt())
        .isEqualTo(404);

    JsonNode history = body(request("GET", "/history/a").invoke(handler));
    assertThat(history.at("/versions/0/deleted").asBoolean()).isTrue();
    assertThat(history.at("/versions/0/version").asLong()).isEqualTo(2);
    assertThat(history.at("/versions/1/value").asText()).isEqualTo("1");

    JsonNode again = put("/a", "{\"value\": \"back\"}").invoke(handler);
    assertThat(again.get("statusCode").asInt()).isEqualTo(201);
    assertThat(body(again).get("version").asLong()).isEqualTo(3);
  }

  @Test
  void delete_honours_if_match() {
    put("/a", "{\"value\": \"1\"}").invoke(handler);

    assertThat(
            request("DELETE", "/config/a")
                .header("If-Match", "\"9\"")
                .invoke(handler)
                .get("statusCode")
                .asInt())
        .isEqualTo(412);
    assertThat(
            request("DELETE", "/config/a")
                .header("If-Match", "\"1\"")
                .invoke(handler)
                .get("statusCode")
                .asInt())
        .isEqualTo(204);
  }

  @Test
  void lists_a_prefix_in_key_order_across_pages() {
    for (String key : List.of("/orders/c", "/orders/a", "/payments/x", "/orders/b", "/ordersx")) {
      put(key, "{\"value\": \"v\"}").invoke(handler);
    }
    request("DELETE", "/config/orders/b").invoke(handler);

    List<String> keys = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      RestEvents page = request("GET", "/config").query("prefix", "/orders/").query("limit", "1");
      if (token != null) {
        page.query("nextToken", token);
      }
      JsonNode listing = body(page.invoke(handler));
      listing.get("items").forEach(item -> keys.add(item.get("key").asText()));
      token = listing.get("nextToken").isNull() ? null : listing.get("nextToken").asText();
      pages++;
    } while (token != null && pages < 10);

    assertThat(keys).containsExactly("/orders/a", "/orders/c");
  }

  @Test
  void batch_reads_the_keys_asked_and_names_the_missing_ones() {
    put("/a", "{\"value\": \"1\"}").invoke(handler);
    put("/b", "{\"value\": \"2\"}").invoke(handler);

    JsonNode batch =
        body(request("GET", "/config").query("keys", "/b,/a,/nope,/a").invoke(handler));

    assertThat(batch.get("items"))
        .extracting(item -> item.get("key").asText())
        .containsExactly("/b", "/a");
    assertThat(batch.get("items"))
        .extracting(item -> item.get("value").asText())
        .containsExactly("2", "1");
    assertThat(batch.get("missing")).extracting(JsonNode::asText).containsExactly("/nope");
  }

  @Test
  void updated_by_is_the_iam_principal_when_present_else_the_api_key_id() {
    put("/iam", "{\"value\": \"1\"}").identity(ALICE, "key-id-1").invoke(handler);
    put("/key", "{\"value\": \"1\"}").identity(null, "key-id-1").invoke(handler);

    assertThat(body(request("GET", "/config/iam").invoke(handler)).get("updatedBy").asText())
        .isEqualTo(ALICE);
    assertThat(body(request("GET", "/config/key").invoke(handler)).get("updatedBy").asText())
        .isEqualTo("key-id-1");
  }

  @Test
  void an_event_without_any_identity_is_refused() {
    JsonNode response =
        RestEvents.invoke(
            handler, RestEvents.resource("events/aws-lambda-java-libs__apigw_rest_event.json"));

    assertThat(response.get("statusCode").asInt()).isEqualTo(403);
    assertThat(body(response).get("error").asText()).isEqualTo("Forbidden");
  }

  @Test
  void routes_a_config_key_resource_as_well_as_a_greedy_proxy() {
    put("/orders/db", "{\"value\": \"1\"}").invoke(handler);

    JsonNode response =
        request("GET", "/prod/config/orders/db")
            .keyResource("/config", "/orders/db")
            .invoke(handler);

    assertThat(response.get("statusCode").asInt()).isEqualTo(200);
    assertThat(body(response).get("key").asText()).isEqualTo("/orders/db");
  }

  @Test
  void an_unrouted_path_answers_404_and_a_wrong_method_405_with_allow() {
    JsonNode sample =
        RestEvents.invoke(
            handler,
            RestEvents.resource("events/aws-lambda-go__apigw-restapi-openapi-request.json"));
    JsonNode post = request("POST", "/config/a").json("{\"value\": \"1\"}").invoke(handler);

    assertThat(sample.get("statusCode").asInt()).isEqualTo(404);
    assertThat(body(sample).get("error").asText()).isEqualTo("NotFound");
    assertThat(post.get("statusCode").asInt()).isEqualTo(405);
    assertThat(post.at("/headers/Allow").asText()).isEqualTo("GET, PUT, DELETE");
    assertThat(dynamo.itemCount(table)).isZero();
  }

  @Test
  void a_malformed_event_answers_400() {
    assertThat(RestEvents.invoke(handler, "[1, 2]").get("statusCode").asInt()).isEqualTo(400);
    assertThat(RestEvents.invoke(handler, "{\"httpMethod\": ").get("statusCode").asInt())
        .isEqualTo(400);
    assertThat(
            RestEvents.invoke(handler, "{\"httpMethod\": \"GET\", \"pathParameters\": 7}")
                .get("statusCode")
                .asInt())
        .isEqualTo(400);
  }

  @Test
  void a_base64_encoded_body_is_decoded() {
    String json =
        Base64.getEncoder()
            .encodeToString("{\"value\": \"zürich\"}".getBytes(StandardCharsets.UTF_8));

    JsonNode response =
        request("PUT", "/config/a")
            .header("Content-Type", "application/json")
            .base64Body(json)
            .invoke(handler);

    assertThat(response.get("statusCode").asInt()).isEqualTo(201);
    assertThat(body(request("GET", "/config/a").invoke(handler)).get("value").asText())
        .isEqualTo("zürich");
  }

  @Test
  void encrypt_true_stores_ciphertext_bound_to_the_key_and_get_returns_it_undecrypted() {
    JsonNode put =
        put("/orders/db-password", "{\"value\": \"hunter2\", \"encrypt\": true}").invoke(handler);
    assertThat(put.get("statusCode").asInt()).isEqualTo(201);

    JsonNode item = body(request("GET", "/config/orders/db-password").invoke(handler));
    assertThat(item.get("encrypted").asBoolean()).isTrue();
    assertThat(item.get("value").asText()).doesNotContain("hunter2");
    byte[] blob = Base64.getDecoder().decode(item.get("value").asText());
    assertThat(
            new String(
                keyRing.decrypt(Map.of("noops:key", "/orders/db-password"), blob),
                StandardCharsets.UTF_8))
        .isEqualTo("hunter2");
    assertThat(dynamo.client.scan(b -> b.tableName(table)).items().toString())
        .doesNotContain("hunter2");
  }

  @Test
  void encrypted_true_stores_the_ciphertext_given_as_is() {
    String ciphertext = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4});

    put("/s", "{\"value\": \"" + ciphertext + "\", \"encrypted\": true}").invoke(handler);

    JsonNode item = body(request("GET", "/config/s").invoke(handler));
    assertThat(item.get("value").asText()).isEqualTo(ciphertext);
    assertThat(item.get("encrypted").asBoolean()).isTrue();
  }

  @Test
  void answers_503_and_writes_nothing_when_dynamodb_is_unreachable() {
    Dynamo gone = new Dynamo();
    String goneTable = gone.newTable();
    ConfigApiHandler broken =
        new ConfigApiHandler(
            new ConfigApi(
                new ConfigService(
                    new ConfigStore(gone.api, goneTable), keyRing, Clock.systemUTC())));
    gone.emulator.close();
    try {
      JsonNode response = put("/a", "{\"value\": \"1\"}").invoke(broken);

      assertThat(response.get("statusCode").asInt()).isEqualTo(503);
      assertThat(body(response).get("error").asText()).isEqualTo("ServiceUnavailable");
    } finally {
      gone.close();
    }
  }

  @Test
  void accepts_a_value_of_exactly_256_kib_and_a_secret_of_exactly_4096_bytes() {
    String biggest = "é".repeat(ConfigService.MAX_VALUE_BYTES / 2);
    String secret = "s".repeat(ConfigService.MAX_ENCRYPT_BYTES);

    JsonNode big =
        put("/big", RestEvents.JSON.createObjectNode().put("value", biggest).toString())
            .invoke(handler);
    JsonNode sealed =
        put("/sealed", "{\"value\": \"" + secret + "\", \"encrypt\": true}").invoke(handler);

    assertThat(big.get("statusCode").asInt()).isEqualTo(201);
    assertThat(body(request("GET", "/config/big").invoke(handler)).get("value").asText())
        .isEqualTo(biggest);
    assertThat(sealed.get("statusCode").asInt()).isEqualTo(201);
  }

  private static RestEvents put(String key, String json) {
    return request("PUT", "/config" + key).json(json);
  }
}
