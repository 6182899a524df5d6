package dev.noops.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad answers from the API and bad arguments from the caller: each fails clearly, none leaks a
 * value.
 */
class HostileInputTest {
  private static final String SECRETISH = "s3cr3t-value-do-not-show";
  @RegisterExtension final FakeConfigApi api = new FakeConfigApi();

  static Stream<Arguments> malformedAnswers() {
    return Stream.of(
        Arguments.of(
            "not JSON", "{\"key\":\"/k\",\"value\":\"" + SECRETISH + "\"", "not valid JSON"),
        Arguments.of("truncated", "{\"key\":\"/k\",\"value\":\"" + SECRETISH, "not valid JSON"),
        Arguments.of("HTML error page", "<html>" + SECRETISH + "</html>", "not valid JSON"),
        Arguments.of(
            "an array", "[\"" + SECRETISH + "\"]", "the answer is an array, not an object"),
        Arguments.of(
            "value is a number",
            "{\"key\":\"/k\",\"value\":42,\"encrypted\":false,\"version\":1}",
            "value is an integer, not a string"),
        Arguments.of(
            "value is an object",
            "{\"key\":\"/k\",\"value\":{\"v\":\""
                + SECRETISH
                + "\"},\"encrypted\":false,\"version\":1}",
            "value is an object, not a string"),
        Arguments.of(
            "version is text",
            "{\"key\":\"/k\",\"value\":\""
                + SECRETISH
                + "\",\"encrypted\":false,\"version\":\"1\"}",
            "version is a string, not an integer"),
        Arguments.of(
            "version is negative",
            "{\"key\":\"/k\",\"value\":\"" + SECRETISH + "\",\"encrypted\":false,\"version\":-1}",
            "version is negative"),
        Arguments.of(
            "version overflows",
            "{\"key\":\"/k\",\"value\":\""
                + SECRETISH
                + "\",\"encrypted\":false,\"version\":123456789012345678901234}",
            "version is out of range"),
        Arguments.of(
            "encrypted is text",
            "{\"key\":\"/k\",\"value\":\"" + SECRETISH + "\",\"encrypted\":\"no\",\"version\":1}",
            "encrypted is a string, not a boolean"),
        Arguments.of(
            "value missing",
            "{\"key\":\"/k\",\"encrypted\":false,\"version\":1}",
            "lacks one of key, value, encrypted, version"),
        Arguments.of(
            "bad date",
            "{\"key\":\"/k\",\"value\":\""
                + SECRETISH
                + "\",\"encrypted\":false,\"version\":1,\"updatedAt\":\""
                + SECRETISH
                + "\"}",
            "updatedAt is not an ISO-8601"),
        Arguments.of(
            "trailing garbage",
            "{\"key\":\"/k\",\"value\":\"" + SECRETISH + "\",\"encrypted\":false,\"version\":1} {}",
            "content after the JSON object"),
        Arguments.of(
            "another key",
            "{\"key\":\"/other\",\"value\":\""
                + SECRETISH
                + "\",\"encrypted\":false,\"version\":1}",
            "with another key"),
        Arguments.of(
            "deep nesting",
            "{\"key\":\"/k\",\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}",
            "not valid JSON"),
        Arguments.of("empty body", "", "the answer is missing, not an object"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedAnswers")
  void a_malformed_answer_is_a_clear_error_that_does_not_quote_the_body(
      String name, String body, String reason) {
    api.override(new MockResponse.Builder().code(200).body(body).build());
    try (ConfigClient client = api.client().build()) {
      assertThatThrownBy(() -> client.get("/k"))
          .isInstanceOf(ConfigUnavailableException.class)
          .hasMessageContaining(reason)
          .satisfies(e -> assertThat(fullText(e)).doesNotContain(SECRETISH));
    }
  }

  @Test
  void unknown_fields_and_null_metadata_are_accepted() {
    api.override(
        FakeConfigApi.json(
            200,
            Map.of(
                "key",
                "/k",
                "value",
                "v",
                "encrypted",
                false,
                "version",
                3,
                "updatedAt",
                1_795_000_000_000L,
                "extra",
                Map.of("nested", new int[] {1, 2}))));
    try (ConfigClient client = api.client().build()) {
      assertThat(client.get("/k")).isEqualTo("v");
    }
  }

  @Test
  void an_oversized_answer_is_refused_with_or_without_a_content_length() {
    String big =
        "{\"key\":\"/k\",\"value\":\""
            + "x".repeat(10_000)
            + "\",\"encrypted\":false,\"version\":1}";
    try (ConfigClient client = api.client().maxResponseBytes(4096).build()) {
      api.override(new MockResponse.Builder().code(200).body(big).build());
      assertThatThrownBy(() -> client.get("/k"))
          .isInstanceOf(ConfigUnavailableException.class)
          .hasMessage("config API answer for /k is larger than 4096 bytes");
      api.override(new MockResponse.Builder().code(200).chunkedBody(big, 512).build());
      assertThatThrownBy(() -> client.get("/k"))
          .isInstanceOf(ConfigUnavailableException.class)
          .hasMessage("config API answer for /k is larger than 4096 bytes");
    }
  }

  @Test
  void a_gzip_bomb_is_refused_after_decoding() {
    Buffer gzipped = new Buffer();
    try (okio.BufferedSink sink = okio.Okio.buffer(new okio.GzipSink(gzipped))) {
      sink.writeUtf8(
          "{\"key\":\"/k\",\"value\":\""
              + "0".repeat(1_000_000)
              + "\",\"encrypted\":false,\"version\":1}");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    api.override(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Encoding", "gzip")
            .body(gzipped)
            .build());
    try (ConfigClient client = api.client().maxResponseBytes(64 * 1024).build()) {
      assertThatThrownBy(() -> client.get("/k"))
          .isInstanceOf(ConfigUnavailableException.class)
          .hasMessageContaining("larger than 65536 bytes");
    }
  }

  @Test
  void a_304_to_an_unconditional_get_is_refused() {
    api.override(new MockResponse.Builder().code(304).build());
    try (ConfigClient client = api.client().build()) {
      assertThatThrownBy(() -> client.get("/k"))
          .isInstanceOf(ConfigUnavailableException.class)
          .hasMessageContaining("304");
    }
  }

  @Test
  void a_redirect_is_not_followed_so_the_api_key_stays_home() {
    try (FakeConfigApi elsewhere = new FakeConfigApi()) {
      api.override(
          new MockResponse.Builder()
              .code(302)
              .setHeader("Location", elsewhere.url() + "config/k")
              .build());
      try (ConfigClient client = api.client().build()) {
        assertThatThrownBy(() -> client.get("/k"))
            .isInstanceOf(ConfigUnavailableException.class)
            .hasMessageContaining("302");
      }
      assertThat(elsewhere.requestCount()).isZero();
    }
  }

  @Test
  void an_error_code_from_the_api_is_shortened() {
    api.override(FakeConfigApi.json(500, Map.of("error", "E".repeat(10_000), "message", "m")));
    try (ConfigClient client = api.client().build()) {
      assertThatThrownBy(() -> client.get("/k"))
          .isInstanceOf(ConfigUnavailableException.class)
          .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "/",
        "no-slash",
        "/a//b",
        "/a/",
        "/a b",
        "/ünïcode",
        "/a/../b",
        "/a/./b",
        "/..",
        "/a?b=c",
        "/a#b",
        "/a,b",
        "/a%2Fb",
        "/a\nb",
        "\\a"
      })
  void a_bad_key_is_refused_before_any_request(String key) {
    try (ConfigClient client = api.client().build()) {
      assertThatThrownBy(() -> client.get(key))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("bad key");
      assertThatThrownBy(() -> client.prefetch("/ok", key))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> client.onChange(key, c -> {}))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(api.requestCount()).isZero();
  }

  @Test
  void a_key_longer_than_512_characters_is_refused_and_512_is_accepted() {
    String longest = "/" + "k".repeat(511);
    api.put(longest, "v");
    try (ConfigClient client = api.client().build()) {
      assertThat(client.get(longest)).isEqualTo("v");
      assertThatThrownBy(() -> client.get(longest + "k"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("key longer than 512 characters: /kkk")
          .hasMessageEndingWith("…");
      assertThatThrownBy(() -> client.get(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("key == null");
    }
  }

  @Test
  void a_value_of_the_wrong_type_is_named_without_quoting_it() {
    api.put("/orders/port", SECRETISH);
    api.put("/orders/flag", "yes");
    try (ConfigClient client = api.client().build()) {
      assertThatThrownBy(() -> client.getInt("/orders/port"))
          .isInstanceOf(ConfigException.class)
          .hasMessage("/orders/port is not an int (NumberFormatException)")
          .hasNoCause();
      assertThatThrownBy(() -> client.getLong("/orders/port"))
          .hasMessage("/orders/port is not a long (NumberFormatException)");
      assertThatThrownBy(() -> client.getDuration("/orders/port"))
          .hasMessage("/orders/port is not an ISO-8601 duration (DateTimeParseException)");
      assertThatThrownBy(() -> client.getBoolean("/orders/flag"))
          .hasMessage("/orders/flag is not a boolean (IllegalArgumentException)");
      assertThatThrownBy(
              () ->
                  client.get(
                      "/orders/port",
                      v -> {
                        throw new IllegalStateException("rejected " + v);
                      }))
          .hasMessage("/orders/port is not accepted by the parser (IllegalStateException)")
          .hasNoCause();
    }
  }

  @Test
  void plain_and_secret_reads_do_not_mix() {
    api.put("/orders/db-password", "AQICAHh...ciphertext", true);
    api.put("/orders/db-url", "jdbc:x");
    try (ConfigClient client = api.client().build()) {
      assertThatThrownBy(() -> client.get("/orders/db-password"))
          .isInstanceOf(ConfigException.class)
          .hasMessage("/orders/db-password is encrypted: read it with getSecret");
      assertThatThrownBy(() -> client.getSecret("/orders/db-url"))
          .isInstanceOf(ConfigException.class)
          .hasMessage("/orders/db-url is not encrypted: read it with get");
      assertThatThrownBy(() -> client.getSecret("/orders/none"))
          .isInstanceOf(ConfigNotFoundException.class);
      assertThat(client.kmsLoaded()).as("no decryption was attempted").isFalse();
    }
  }

  @Test
  void a_hostile_batch_answer_is_refused_and_foreign_keys_are_ignored() {
    try (ConfigClient client = api.client().build()) {
      api.override(FakeConfigApi.json(200, Map.of("missing", java.util.List.of("/a"))));
      assertThatThrownBy(() -> client.prefetch("/a"))
          .isInstanceOf(ConfigUnavailableException.class)
          .hasMessageContaining("items is absent");
      api.override(FakeConfigApi.json(200, Map.of("items", "nope")));
      assertThatThrownBy(() -> client.prefetch("/a"))
          .hasMessageContaining("items is a string, not an array");
      api.override(
          FakeConfigApi.json(
              200,
              Map.of(
                  "items",
                  java.util.List.of(
                      Map.of("key", "/not-asked", "value", "x", "encrypted", false, "version", 1)),
                  "missing",
                  java.util.List.of())));
      client.prefetch("/a");
      api.override(null);
      api.put("/not-asked", "real");
      assertThat(client.get("/not-asked")).as("the unasked item was not cached").isEqualTo("real");
    }
  }

  private static String fullText(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      text.append(t).append('\n');
    }
    return text.toString();
  }
}
