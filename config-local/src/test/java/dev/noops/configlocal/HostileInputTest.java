package dev.noops.configlocal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and malformed requests through the local server with a real HTTP client: each gets the
 * right 4xx with a JSON error, and none writes anything.
 */
class HostileInputTest {
  private static final String KEY = "/orders/db-url";
  private static Dynamo dynamo;
  private static LocalApi api;
  private static int seeded;

  @BeforeAll
  static void start() {
    dynamo = new Dynamo();
    api = new LocalApi(dynamo);
    assertThat(api.put(KEY, "{\"value\": \"seed\"}").statusCode()).isEqualTo(201);
    seeded = dynamo.itemCount(api.table);
  }

  @AfterAll
  static void stop() {
    api.close();
    dynamo.close();
  }

  /** One hostile request and the answer it must get. */
  @SuppressWarnings("ArrayRecordComponent") // a test case's data, never compared or hashed
  record Case(
      String name,
      String method,
      String path,
      Map<String, String> headers,
      byte[] body,
      int status,
      String error) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    String json = "application/json";
    return Stream.of(
        put("malformed JSON", KEY, "{\"value\": ", 400, "InvalidJson"),
        put("JSON that is not an object", KEY, "\"just a string\"", 400, "InvalidJson"),
        put("duplicate field", KEY, "{\"value\": \"a\", \"value\": \"b\"}", 400, "InvalidJson"),
        put("trailing garbage", KEY, "{\"value\": \"a\"} {}", 400, "InvalidJson"),
        put("empty body", KEY, "", 400, "InvalidJson"),
        put("10k-deep nesting", KEY, "[".repeat(10_000) + "]".repeat(10_000), 400, "InvalidJson"),
        new Case(
            "invalid UTF-8 bytes",
            "PUT",
            "/config" + KEY,
            Map.of("Content-Type", json),
            new byte[] {
              '{', '"', 'v', 'a', 'l', 'u', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'
            },
            400,
            "InvalidJson"),
        put("value is a number", KEY, "{\"value\": 42}", 400, "InvalidValue"),
        put("value is an object", KEY, "{\"value\": {\"a\": 1}}", 400, "InvalidValue"),
        put("value is null", KEY, "{\"value\": null}", 400, "InvalidValue"),
        put("missing value", KEY, "{}", 400, "InvalidValue"),
        put(
            "encrypted is a string",
            KEY,
            "{\"value\": \"a\", \"encrypted\": \"yes\"}",
            400,
            "InvalidValue"),
        put(
            "unknown field (typo of encrypt)",
            KEY,
            "{\"value\": \"a\", \"encrpyt\": true}",
            400,
            "InvalidValue"),
        put(
            "encrypted and encrypt together",
            KEY,
            "{\"value\": \"YQ==\", \"encrypted\": true, \"encrypt\": true}",
            400,
            "InvalidValue"),
        put(
            "encrypted value that is not base64",
            KEY,
            "{\"value\": \"not base64!\", \"encrypted\": true}",
            400,
            "InvalidValue"),
        put("unpaired surrogate", KEY, "{\"value\": \"\\ud800\"}", 400, "InvalidValue"),
        put("key with ..", "/orders/../admin", "{\"value\": \"a\"}", 400, "InvalidKey"),
        put("key with a . segment", "/orders/./db", "{\"value\": \"a\"}", 400, "InvalidKey"),
        put("key with //", "/orders//db", "{\"value\": \"a\"}", 400, "InvalidKey"),
        put("key with a space", "/orders/db%20url", "{\"value\": \"a\"}", 400, "InvalidKey"),
        put("key with unicode", "/orders/caf%C3%A9", "{\"value\": \"a\"}", 400, "InvalidKey"),
        put("key with a newline", "/orders/a%0Ab", "{\"value\": \"a\"}", 400, "InvalidKey"),
        put("key with a trailing /", "/orders/", "{\"value\": \"a\"}", 400, "InvalidKey"),
        put("513-character key", "/" + "k".repeat(512), "{\"value\": \"a\"}", 400, "InvalidKey"),
        put(
            "257 KiB value",
            KEY,
            "{\"value\": \"" + "x".repeat(257 * 1024) + "\"}",
            413,
            "PayloadTooLarge"),
        put(
            "257 KiB of multi-byte value",
            KEY,
            "{\"value\": \"" + "é".repeat(129 * 1024) + "\"}",
            413,
            "PayloadTooLarge"),
        put(
            "body beyond the edge limit",
            KEY,
            "{\"value\": \"" + "x".repeat(6 * 256 * 1024 + 1024) + "\"}",
            413,
            "PayloadTooLarge"),
        put(
            "secret to encrypt over the KMS limit",
            KEY,
            "{\"value\": \"" + "s".repeat(4097) + "\", \"encrypt\": true}",
            413,
            "PayloadTooLarge"),
        new Case(
            "text/plain body",
            "PUT",
            "/config" + KEY,
            Map.of("Content-Type", "text/plain"),
            bytes("{\"value\": \"a\"}"),
            415,
            "UnsupportedMediaType"),
        new Case(
            "no content type",
            "PUT",
            "/config" + KEY,
            Map.of(),
            bytes("{\"value\": \"a\"}"),
            415,
            "UnsupportedMediaType"),
        new Case(
            "JSON in latin-1",
            "PUT",
            "/config" + KEY,
            Map.of("Content-Type", "application/json; charset=iso-8859-1"),
            bytes("{\"value\": \"a\"}"),
            415,
            "UnsupportedMediaType"),
        new Case(
            "no API key",
            "PUT",
            "/config" + KEY,
            Map.of("Content-Type", json, "x-api-key", ""),
            bytes("{\"value\": \"a\"}"),
            403,
            "Forbidden"),
        new Case(
            "wrong API key",
            "PUT",
            "/config" + KEY,
            Map.of("Content-Type", json, "x-api-key", "wrong-key-0123456789"),
            bytes("{\"value\": \"a\"}"),
            403,
            "Forbidden"),
        ifMatch("If-Match not quoted", "1"),
        ifMatch("If-Match not a number", "\"abc\""),
        ifMatch("If-Match version 0", "\"0\""),
        ifMatch("If-Match negative", "\"-1\""),
        ifMatch("If-Match weak", "W/\"1\""),
        ifMatch("If-Match past a long", "\"99999999999999999999\""),
        new Case(
            "If-Match and If-None-Match",
            "PUT",
            "/config" + KEY,
            Map.of("Content-Type", json, "If-Match", "\"1\"", "If-None-Match", "*"),
            bytes("{\"value\": \"a\"}"),
            400,
            "InvalidVersion"),
        new Case(
            "If-None-Match with a version on a write",
            "PUT",
            "/config" + KEY,
            Map.of("Content-Type", json, "If-None-Match", "\"1\""),
            bytes("{\"value\": \"a\"}"),
            400,
            "InvalidVersion"),
        new Case(
            "11 KiB header",
            "PUT",
            "/config" + KEY,
            Map.of("Content-Type", json, "X-Padding", "p".repeat(11 * 1024)),
            bytes("{\"value\": \"a\"}"),
            431,
            "RequestHeaderFieldsTooLarge"),
        new Case(
            "PATCH",
            "PATCH",
            "/config" + KEY,
            Map.of("Content-Type", json),
            bytes("{\"value\": \"a\"}"),
            405,
            "MethodNotAllowed"),
        new Case(
            "PUT on the listing",
            "PUT",
            "/config",
            Map.of("Content-Type", json),
            bytes("{\"value\": \"a\"}"),
            405,
            "MethodNotAllowed"),
        new Case(
            "DELETE on history",
            "DELETE",
            "/history" + KEY,
            Map.of(),
            new byte[0],
            405,
            "MethodNotAllowed"),
        new Case(
            "unknown route",
            "PUT",
            "/admin" + KEY,
            Map.of("Content-Type", json),
            bytes("{\"value\": \"a\"}"),
            404,
            "NotFound"),
        new Case(
            "query on a PUT",
            "PUT",
            "/config" + KEY + "?version=1",
            Map.of("Content-Type", json),
            bytes("{\"value\": \"a\"}"),
            400,
            "InvalidQuery"),
        new Case(
            "DELETE with a bad If-Match",
            "DELETE",
            "/config" + KEY,
            Map.of("If-Match", "yesterday"),
            new byte[0],
            400,
            "InvalidVersion"),
        get("version not a number", "/config" + KEY + "?version=abc", 400, "InvalidVersion"),
        get("version 0", "/config" + KEY + "?version=0", 400, "InvalidVersion"),
        get("version twice", "/config" + KEY + "?version=1&version=2", 400, "InvalidQuery"),
        get(
            "If-None-Match garbage",
            "/config" + KEY,
            Map.of("If-None-Match", "banana"),
            400,
            "InvalidVersion"),
        get("limit 0", "/config?prefix=/&limit=0", 400, "InvalidQuery"),
        get("limit 101", "/config?prefix=/&limit=101", 400, "InvalidQuery"),
        get("limit not a number", "/history" + KEY + "?limit=ten", 400, "InvalidQuery"),
        get("forged nextToken", "/config?prefix=/&nextToken=Zm9yZ2Vk", 400, "InvalidQuery"),
        get(
            "nextToken of another listing",
            "/history" + KEY + "?nextToken=" + TestJson.keyToken("/orders/a"),
            400,
            "InvalidQuery"),
        get(
            "nextToken of another prefix",
            "/config?prefix=/payments/&nextToken=" + TestJson.keyToken("/orders/a"),
            400,
            "InvalidQuery"),
        get("prefix without a leading /", "/config?prefix=orders", 400, "InvalidQuery"),
        get("prefix with //", "/config?prefix=/orders//", 400, "InvalidQuery"),
        get("batch with a bad key", "/config?keys=/a,b", 400, "InvalidKey"),
        get("batch with an empty key", "/config?keys=/a,,/b", 400, "InvalidKey"),
        get(
            "batch of 101 keys",
            "/config?keys="
                + IntStream.range(0, 101).mapToObj(i -> "/k" + i).collect(Collectors.joining(",")),
            400,
            "InvalidQuery"),
        get("batch with a prefix", "/config?keys=/a&prefix=/", 400, "InvalidQuery"),
        get("unknown query parameter", "/config?prefix=/&sort=desc", 400, "InvalidQuery"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void answers_the_right_4xx_and_writes_nothing(Case hostile) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(api.server.baseUrl() + hostile.path()))
            .method(hostile.method(), HttpRequest.BodyPublishers.ofByteArray(hostile.body()));
    if (!hostile.headers().containsKey("x-api-key")) {
      request.header("x-api-key", LocalApi.API_KEY);
    }
    hostile
        .headers()
        .forEach(
            (name, value) -> {
              if (!value.isEmpty()) {
                request.header(name, value);
              }
            });

    HttpResponse<String> response = api.send(request.build());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(hostile.status());
    JsonNode error = TestJson.JSON.readTree(response.body());
    assertThat(error.get("error").asText()).isEqualTo(hostile.error());
    assertThat(error.get("message").asText()).isNotBlank().doesNotContain("xxxxxxxxxx");
    assertThat(dynamo.itemCount(api.table)).as("nothing written").isEqualTo(seeded);
    assertThat(TestJson.JSON.readTree(api.get("/config" + KEY).body()).get("value").asText())
        .isEqualTo("seed");
  }

  @Test
  void a_query_string_with_bad_percent_encoding_answers_400() throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), api.server.port())) {
      socket
          .getOutputStream()
          .write(
              ("GET /config?prefix=%zz HTTP/1.1\r\nHost: localhost\r\nx-api-key: "
                      + LocalApi.API_KEY
                      + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(response).startsWith("HTTP/1.1 400");
      assertThat(response).containsIgnoringCase("content-type: application/json");
      assertThat(response)
          .endsWith(
              "{\"error\":\"InvalidQuery\",\"message\":\"the query string is not valid percent-encoding\"}");
      assertThat(dynamo.itemCount(api.table)).isEqualTo(seeded);
    }
  }

  private static Case put(String name, String key, String body, int status, String error) {
    return new Case(
        name,
        "PUT",
        "/config" + key,
        Map.of("Content-Type", "application/json"),
        bytes(body),
        status,
        error);
  }

  private static Case ifMatch(String name, String ifMatch) {
    return new Case(
        name,
        "PUT",
        "/config" + KEY,
        Map.of("Content-Type", "application/json", "If-Match", ifMatch),
        bytes("{\"value\": \"a\"}"),
        400,
        "InvalidVersion");
  }

  private static Case get(String name, String path, int status, String error) {
    return get(name, path, Map.of(), status, error);
  }

  private static Case get(
      String name, String path, Map<String, String> headers, int status, String error) {
    return new Case(name, "GET", path, headers, new byte[0], status, error);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
