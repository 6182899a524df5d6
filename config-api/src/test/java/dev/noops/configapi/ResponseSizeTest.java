package dev.noops.configapi;

import static dev.noops.configapi.RestEvents.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 fault 9: no answer exceeds Lambda's 6 MB response payload, JSON escaping included (a
 * control character is 1 byte stored, 6 in the body, 7 in the payload), and nothing is lost: batch
 * reads list what did not fit in {@code remaining}, listings and history continue with {@code
 * nextToken}.
 */
class ResponseSizeTest {
  private static final int LAMBDA_LIMIT = 6 * 1024 * 1024;
  private static final int KEYS = 25;
  // 256 KiB of control characters: the worst expansion a value can have
  private static final String HOSTILE = "\\u0001".repeat(256 * 1024);
  private static Dynamo dynamo;
  private static ConfigApiHandler handler;

  @BeforeAll
  static void fill() {
    dynamo = new Dynamo();
    handler =
        new ConfigApiHandler(
            new ConfigApi(
                new ConfigService(
                    new ConfigStore(dynamo.api, dynamo.newTable()),
                    new TestSealer(),
                    Clock.systemUTC())));
    for (int i = 0; i < KEYS; i++) {
      JsonNode put =
          request("PUT", "/config/big/k" + i)
              .header("Content-Type", "application/json")
              .body("{\"value\": \"" + HOSTILE + "\"}")
              .invoke(handler);
      assertThat(put.get("statusCode").asInt()).isEqualTo(201);
    }
    for (int v = 0; v < 5; v++) {
      request("PUT", "/config/big/k0")
          .header("Content-Type", "application/json")
          .body("{\"value\": \"" + HOSTILE + "\"}")
          .invoke(handler);
    }
  }

  @AfterAll
  static void stop() {
    dynamo.close();
  }

  @Test
  void a_batch_of_25_keys_of_256_kib_answers_in_two_calls_each_within_the_limit()
      throws IOException {
    List<String> keys = IntStream.range(0, KEYS).mapToObj(i -> "/big/k" + i).toList();
    List<String> read = new ArrayList<>();
    List<String> ask = keys;
    int calls = 0;
    while (!ask.isEmpty() && calls < 10) {
      JsonNode body = payloadBody(request("GET", "/config").query("keys", String.join(",", ask)));
      body.get("items")
          .forEach(
              item -> {
                assertThat(item.get("value").asText()).hasSize(256 * 1024).matches("\u0001+");
                read.add(item.get("key").asText());
              });
      assertThat(body.get("missing")).isEmpty();
      List<String> remaining = new ArrayList<>();
      body.get("remaining").forEach(k -> remaining.add(k.asText()));
      ask = remaining;
      calls++;
    }

    assertThat(read).containsExactlyElementsOf(keys);
    assertThat(calls).isGreaterThan(1);
  }

  @Test
  void a_prefix_listing_pages_by_bytes_and_lists_every_key_once() throws IOException {
    List<String> read = new ArrayList<>();
    String token = null;
    int calls = 0;
    do {
      RestEvents page = request("GET", "/config").query("prefix", "/big/").query("limit", "100");
      if (token != null) {
        page.query("nextToken", token);
      }
      JsonNode body = payloadBody(page);
      body.get("items").forEach(item -> read.add(item.get("key").asText()));
      token = body.get("nextToken").isNull() ? null : body.get("nextToken").asText();
      calls++;
    } while (token != null && calls < 10);

    assertThat(read).hasSize(KEYS).doesNotHaveDuplicates();
    assertThat(calls).isGreaterThan(1);
  }

  @Test
  void history_pages_by_bytes_and_lists_every_version_once() throws IOException {
    List<Long> read = new ArrayList<>();
    String token = null;
    int calls = 0;
    do {
      RestEvents page = request("GET", "/history/big/k0").query("limit", "100");
      if (token != null) {
        page.query("nextToken", token);
      }
      JsonNode body = payloadBody(page);
      body.get("versions").forEach(v -> read.add(v.get("version").asLong()));
      token = body.get("nextToken").isNull() ? null : body.get("nextToken").asText();
      calls++;
    } while (token != null && calls < 10);

    assertThat(read)
        .containsExactlyElementsOf(
            IntStream.rangeClosed(1, 6).mapToObj(v -> (long) (7 - v)).toList());
    assertThat(calls).isGreaterThan(1);
  }

  private static JsonNode payloadBody(RestEvents event) throws IOException {
    byte[] payload = event.invokeForPayload(handler);
    assertThat(payload.length)
        .as("Lambda response payload bytes")
        .isLessThanOrEqualTo(LAMBDA_LIMIT);
    JsonNode response = RestEvents.JSON.readTree(payload);
    assertThat(response.get("statusCode").asInt()).isEqualTo(200);
    return RestEvents.JSON.readTree(response.get("body").asText());
  }
}
