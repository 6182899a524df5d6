package dev.noops.configlocal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, first-user finding: noops local's request lines are the JSON lines the docs promise,
 * and hold no value.
 */
class AccessLogTest {
  @Test
  void one_json_line_per_request_with_method_path_status_error_and_duration() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (Dynamo dynamo = new Dynamo();
        LocalConfigServer server =
            LocalConfigServer.builder()
                .dynamo(dynamo.json)
                .table(dynamo.newTable())
                .keyRing(LocalKeyRing.ephemeral())
                .apiKey(LocalApi.API_KEY)
                .port(0)
                .accessLog(
                    AccessLog.jsonLines(new PrintStream(captured, true, StandardCharsets.UTF_8)))
                .start()) {
      HttpClient http = HttpClient.newHttpClient();
      http.send(
          HttpRequest.newBuilder(URI.create(server.baseUrl() + "/config/a"))
              .header("x-api-key", LocalApi.API_KEY)
              .header("Content-Type", "application/json")
              .PUT(HttpRequest.BodyPublishers.ofString("{\"value\": \"value-9f2c\"}"))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      http.send(
          HttpRequest.newBuilder(URI.create(server.baseUrl() + "/config/b%0A%7B%22forged%22:1%7D"))
              .header("x-api-key", LocalApi.API_KEY)
              .GET()
              .build(),
          HttpResponse.BodyHandlers.ofString());
      http.send(
          HttpRequest.newBuilder(URI.create(server.baseUrl() + "/config/a")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    }

    List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(3);
    List<JsonNode> json =
        lines.stream()
            .map(
                line -> {
                  try {
                    return TestJson.JSON.readTree(line);
                  } catch (Exception e) {
                    throw new AssertionError("not JSON: " + line, e);
                  }
                })
            .toList();
    assertThat(json).extracting(j -> j.get("method").asText()).containsExactly("PUT", "GET", "GET");
    assertThat(json).extracting(j -> j.get("status").asInt()).containsExactly(201, 400, 403);
    assertThat(json.get(2).get("error").asText()).isEqualTo("Forbidden");
    assertThat(json)
        .allMatch(j -> j.has("ts") && j.has("ms") && j.get("message").asText().equals("request"));
    assertThat(String.join("\n", lines))
        .doesNotContain("value-9f2c")
        .doesNotContain(LocalApi.API_KEY);
  }
}
