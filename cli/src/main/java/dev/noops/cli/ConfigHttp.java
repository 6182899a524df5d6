package dev.noops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/** A small client of the config API's HTTP contract, for the {@code noops config} commands. */
final class ConfigHttp {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String baseUrl;
  private final String apiKey;

  ConfigHttp(String baseUrl, String apiKey) {
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl == null").replaceAll("/+$", "");
    this.apiKey = Objects.requireNonNull(apiKey, "apiKey == null");
  }

  /** The API's answer: status, ETag and the parsed JSON body (an empty object for none). */
  record Answer(int status, JsonNode body) {
    boolean ok() {
      return status >= 200 && status < 300;
    }

    /** "Code: message" from an error body. */
    String error() {
      return body.path("error").asText("HTTP " + status)
          + ": "
          + body.path("message").asText("(no message)");
    }
  }

  Answer get(String pathAndQuery) throws IOException, InterruptedException {
    return send(request(pathAndQuery).GET());
  }

  Answer put(String key, JsonNode body, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        request("/config" + encodeKey(key))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    headers.forEach(request::header);
    return send(request);
  }

  Answer delete(String key, Map<String, String> headers) throws IOException, InterruptedException {
    HttpRequest.Builder request = request("/config" + encodeKey(key)).DELETE();
    headers.forEach(request::header);
    return send(request);
  }

  /** Each segment percent-encoded, so that a key can never add a query or another route. */
  static String encodeKey(String key) {
    StringBuilder path = new StringBuilder();
    for (String segment : key.split("/", -1)) {
      if (path.length() > 0 || !segment.isEmpty()) {
        path.append('/')
            .append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
      }
    }
    return key.startsWith("/") ? path.toString() : "/" + path;
  }

  static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
        .timeout(TIMEOUT)
        .header("x-api-key", apiKey);
  }

  private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<byte[]> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    JsonNode body;
    try {
      body = response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
    } catch (IOException notJson) {
      body =
          JSON.createObjectNode()
              .put("error", "HTTP " + response.statusCode())
              .put("message", "the answer is not JSON");
    }
    return new Answer(response.statusCode(), body);
  }
}
