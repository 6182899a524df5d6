package dev.noops.configapi;

import static dev.noops.configapi.RestEvents.body;
import static dev.noops.configapi.RestEvents.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 14: PUT {"rollbackTo": N} writes version N's stored value as a new version,
 * compare-and-set, audited as a rollback.
 */
class RollbackTest {
  private static Dynamo dynamo;
  private final TestSealer sealer = new TestSealer();
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
            new ConfigApi(
                new ConfigService(new ConfigStore(dynamo.api, table), sealer, Clock.systemUTC())));
  }

  @Test
  void restores_an_old_value_as_a_new_version_that_says_it_is_a_rollback() {
    put("/a", "{\"value\": \"one\"}", null);
    put("/a", "{\"value\": \"two\"}", null);

    JsonNode rolled = put("/a", "{\"rollbackTo\": 1}", null);

    assertThat(rolled.get("statusCode").asInt()).isEqualTo(200);
    JsonNode item = body(rolled);
    assertThat(item.get("value").asText()).isEqualTo("one");
    assertThat(item.get("version").asLong()).isEqualTo(3);
    assertThat(item.get("rollbackOf").asLong()).isEqualTo(1);
    JsonNode newest = body(request("GET", "/history/a").invoke(handler)).at("/versions/0");
    assertThat(newest.get("rollbackOf").asLong()).isEqualTo(1);
    assertThat(newest.get("updatedBy").asText()).isNotBlank();
    assertThat(
            body(request("GET", "/history/a").invoke(handler)).at("/versions/1").has("rollbackOf"))
        .isFalse();
    assertThat(body(request("GET", "/config/a").invoke(handler)).get("value").asText())
        .isEqualTo("one");
  }

  @Test
  void a_secret_is_restored_as_the_same_ciphertext_never_decrypted() {
    String first =
        body(put("/s", "{\"value\": \"first-secret\", \"encrypt\": true}", null))
            .get("value")
            .asText();
    put("/s", "{\"value\": \"second-secret\", \"encrypt\": true}", null);

    JsonNode item = body(put("/s", "{\"rollbackTo\": 1}", null));

    assertThat(item.get("encrypted").asBoolean()).isTrue();
    assertThat(item.get("value").asText()).isEqualTo(first);
    assertThat(
            new String(
                sealer.decrypt(Map.of("noops:key", "/s"), Base64.getDecoder().decode(first)),
                StandardCharsets.UTF_8))
        .isEqualTo("first-secret");
    assertThat(dynamo.client.scan(b -> b.tableName(table)).items().toString())
        .doesNotContain("first-secret");
  }

  @Test
  void if_match_makes_it_compare_and_set_and_a_stale_one_writes_nothing() {
    put("/a", "{\"value\": \"one\"}", null);
    put("/a", "{\"value\": \"two\"}", null);
    int items = dynamo.itemCount(table);

    JsonNode stale = put("/a", "{\"rollbackTo\": 1}", "\"1\"");

    assertThat(stale.get("statusCode").asInt()).isEqualTo(412);
    assertThat(dynamo.itemCount(table)).isEqualTo(items);
    assertThat(put("/a", "{\"rollbackTo\": 1}", "\"2\"").get("statusCode").asInt()).isEqualTo(200);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"rollbackTo\": 9}|404|NotFound",
        "{\"rollbackTo\": 2}|404|NotFound",
        "{\"rollbackTo\": 0}|400|InvalidVersion",
        "{\"rollbackTo\": -1}|400|InvalidVersion",
        "{\"rollbackTo\": 1.5}|400|InvalidVersion",
        "{\"rollbackTo\": \"1\"}|400|InvalidVersion",
        "{\"rollbackTo\": 99999999999999999999999}|400|InvalidVersion",
        "{\"rollbackTo\": 1, \"value\": \"x\"}|400|InvalidValue",
        "{\"rollbackTo\": 1, \"encrypt\": true}|400|InvalidValue"
      })
  void refuses_what_it_cannot_restore_and_writes_nothing(String json, int status, String error) {
    put("/a", "{\"value\": \"one\"}", null);
    request("DELETE", "/config/a")
        .invoke(handler); // version 2 is the deletion: not a value to restore
    int items = dynamo.itemCount(table);

    JsonNode answer = put("/a", json, null);

    assertThat(answer.get("statusCode").asInt()).isEqualTo(status);
    assertThat(body(answer).get("error").asText()).isEqualTo(error);
    assertThat(dynamo.itemCount(table)).isEqualTo(items);
  }

  @Test
  void a_deleted_key_can_be_brought_back_by_rolling_back_to_its_last_value() {
    put("/a", "{\"value\": \"one\"}", null);
    request("DELETE", "/config/a").invoke(handler);

    JsonNode answer = put("/a", "{\"rollbackTo\": 1}", null);

    assertThat(answer.get("statusCode").asInt()).isEqualTo(201);
    assertThat(body(answer).get("version").asLong()).isEqualTo(3);
  }

  private JsonNode put(String key, String json, String ifMatch) {
    RestEvents event =
        request("PUT", "/config" + key).header("Content-Type", "application/json").body(json);
    if (ifMatch != null) {
      event.header("If-Match", ifMatch);
    }
    return event.invoke(handler);
  }
}
