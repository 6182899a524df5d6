package dev.noops.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.noops.configlocal.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/**
 * Issue 14: the client against the REAL config API — config-api's handler behind noops local's HTTP
 * adapter, over the Dynoxide emulator, with the local KMS look-alike — not a scripted fake. Every
 * route the client uses (GET one key, conditional GET, batch GET, KMS Decrypt), its errors, and
 * batches larger than one Lambda answer. (config-local is compiled for Java 21; this class runs
 * where the tests run on 21+.)
 */
@EnabledForJreRange(min = JRE.JAVA_21)
class RealConfigApiTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final List<String> seen = new CopyOnWriteArrayList<>();
  private static LocalStack stack;
  private final TestClock clock = new TestClock();

  @BeforeAll
  static void start() {
    stack =
        LocalStack.builder()
            .port(0)
            .accessLog(
                (method, path, status, error, millis) ->
                    seen.add(method + " " + path + " " + status))
            .start();
    // the SDK's KmsClient signs with the API key as access key id: the local /kms/ endpoint's
    // credential
    System.setProperty("aws.region", "eu-west-1");
    System.setProperty("aws.accessKeyId", stack.apiKey());
    System.setProperty("aws.secretAccessKey", "local");
  }

  @AfterAll
  static void stop() {
    AwsTestProperties.clear();
    stack.close();
  }

  @BeforeEach
  void clearLog() {
    seen.clear();
  }

  private ConfigClient.Builder client() {
    return ConfigClient.builder()
        .baseUrl(stack.baseUrl().toString())
        .apiKey(stack.apiKey())
        .jitter(0)
        .timeout(Duration.ofSeconds(20))
        .maxAge(Duration.ofMinutes(1))
        .clock(clock)
        .kmsEndpoint(stack.kmsUrl());
  }

  @Test
  void reads_typed_values_and_an_absent_key() {
    put("/real/typed/port", "{\"value\": \"5432\"}");
    put("/real/typed/ttl", "{\"value\": \"PT30S\"}");
    try (ConfigClient client = client().build()) {
      assertThat(client.getInt("/real/typed/port")).isEqualTo(5432);
      assertThat(client.getDuration("/real/typed/ttl")).isEqualTo(Duration.ofSeconds(30));
      assertThat(client.find("/real/typed/none")).isEmpty();
      assertThatThrownBy(() -> client.get("/real/typed/none"))
          .isInstanceOf(ConfigNotFoundException.class);
    }
    assertThat(seen).contains("GET /config/real/typed/port 200", "GET /config/real/typed/none 404");
  }

  @Test
  void an_unchanged_value_is_revalidated_with_304_and_a_changed_one_is_seen_and_announced() {
    put("/real/etag", "{\"value\": \"one\"}");
    seen.clear();
    try (ConfigClient client = client().build()) {
      List<String> changes = new ArrayList<>();
      client.onChange(
          "/real/etag",
          change -> changes.add(change.current().map(ConfigValue::value).orElse("-")));
      assertThat(client.get("/real/etag")).isEqualTo("one");
      clock.advance(Duration.ofMinutes(2));
      assertThat(client.get("/real/etag")).isEqualTo("one");
      assertThat(seen).containsExactly("GET /config/real/etag 200", "GET /config/real/etag 304");

      put("/real/etag", "{\"value\": \"two\"}");
      clock.advance(Duration.ofMinutes(2));
      assertThat(client.get("/real/etag")).isEqualTo("two");
      assertThat(changes).containsExactly("two");
    }
  }

  @Test
  void the_apis_errors_become_the_clients_exceptions_without_values() {
    put("/real/err", "{\"value\": \"hidden-7c1\"}");
    try (ConfigClient wrongKey = client().apiKey("wrong-key-0123456789abcdef").build()) {
      assertThatThrownBy(() -> wrongKey.get("/real/err"))
          .isInstanceOf(ConfigUnavailableException.class)
          .hasMessageContaining("403")
          .hasMessageContaining("x-api-key")
          .hasMessageNotContaining("hidden-7c1");
    }
    try (ConfigClient client = client().build()) {
      // the client's own key check lets "..." through; the API refuses it: its 400 becomes the
      // client's exception
      assertThatThrownBy(() -> client.get("/real/..."))
          .isInstanceOf(ConfigUnavailableException.class)
          .hasMessageContaining("400 InvalidKey");
      assertThatThrownBy(() -> client.getInt("/real/err"))
          .isInstanceOf(ConfigException.class)
          .hasMessageNotContaining("hidden-7c1");
    }
  }

  @Test
  void a_secret_is_decrypted_by_the_local_kms_with_its_key_as_encryption_context() {
    put("/real/secret", "{\"value\": \"s3cret-9a\", \"encrypt\": true}");
    try (ConfigClient client = client().build()) {
      assertThat(client.getSecret("/real/secret")).isEqualTo("s3cret-9a");
      assertThatThrownBy(() -> client.get("/real/secret"))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("getSecret")
          .hasMessageNotContaining("s3cret");
    }
  }

  @Test
  void prefetch_is_one_batch_request_and_caches_present_and_missing_keys() {
    put("/real/batch/a", "{\"value\": \"A\"}");
    put("/real/batch/b", "{\"value\": \"B\"}");
    seen.clear();
    try (ConfigClient client = client().build()) {
      client.prefetch("/real/batch/a", "/real/batch/b", "/real/batch/missing");
      assertThat(client.get("/real/batch/a")).isEqualTo("A");
      assertThat(client.get("/real/batch/b")).isEqualTo("B");
      assertThat(client.find("/real/batch/missing")).isEmpty();
    }
    assertThat(seen).containsExactly("GET /config 200");
  }

  @Test
  void a_batch_larger_than_one_lambda_answer_is_read_whole_in_several_requests() {
    String hostile = "\\u0001".repeat(256 * 1024);
    List<String> keys = IntStream.range(0, 5).mapToObj(i -> "/real/big/k" + i).toList();
    keys.forEach(key -> put(key, "{\"value\": \"" + hostile + "\"}"));
    seen.clear();
    try (ConfigClient client = client().build()) {
      client.prefetch(keys.toArray(String[]::new));
      for (String key : keys) {
        assertThat(client.get(key)).hasSize(256 * 1024);
      }
    }
    assertThat(seen).hasSizeGreaterThan(1).allMatch(line -> line.equals("GET /config 200"));
  }

  private static void put(String key, String json) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/config" + key))
                  .header("x-api-key", stack.apiKey())
                  .header("Content-Type", "application/json")
                  .timeout(Duration.ofSeconds(60))
                  .PUT(HttpRequest.BodyPublishers.ofString(json))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
