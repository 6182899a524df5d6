package dev.noops.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScriptedClusterTest {
  private static final String TWO_ITEMS =
      """
      {"index":{"_index":"logs-a","_id":"a"}}
      {"message":"one"}
      {"index":{"_index":"logs-a","_id":"b"}}
      {"message":"two"}
      """;
  private final ScriptedCluster cluster = ScriptedCluster.acknowledging().listen();
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @AfterEach
  void stop() {
    cluster.close();
  }

  private HttpResponse<String> post(String path, byte[] body, boolean gzip) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(cluster.endpoint().resolve(path))
            .header("Content-Type", "application/x-ndjson")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (gzip) {
      request.header("Content-Encoding", "gzip");
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void acknowledges_every_item_and_counts_it() throws Exception {
    HttpResponse<String> response =
        post("/_bulk", TWO_ITEMS.getBytes(StandardCharsets.UTF_8), false);
    JsonNode answer = json.readTree(response.body());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(answer.get("errors").asBoolean()).isFalse();
    assertThat(answer.get("items"))
        .extracting(i -> i.get("index").get("status").asInt())
        .containsExactly(201, 201);
    assertThat(cluster.forwarded()).containsEntry("a", 1).containsEntry("b", 1);
    assertThat(cluster.requestSizes()).containsExactly(2);
  }

  @Test
  void reads_gzip_bodies_and_answers_the_scripted_fault_per_item() throws Exception {
    cluster.script(
        (id, attempt) ->
            id.equals("b") && attempt == 1
                ? ScriptedCluster.Fault.BUSY_429
                : ScriptedCluster.Fault.NONE);
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(zipped)) {
      out.write(TWO_ITEMS.getBytes(StandardCharsets.UTF_8));
    }
    JsonNode first = json.readTree(post("/_bulk", zipped.toByteArray(), true).body());
    JsonNode second =
        json.readTree(post("/_bulk", TWO_ITEMS.getBytes(StandardCharsets.UTF_8), false).body());
    assertThat(first.get("errors").asBoolean()).isTrue();
    assertThat(first.get("items"))
        .extracting(i -> i.get("index").get("status").asInt())
        .containsExactly(201, 429);
    assertThat(second.get("errors").asBoolean()).isFalse();
    assertThat(cluster.forwarded()).containsEntry("a", 2).containsEntry("b", 1);
  }

  @Test
  void a_request_over_the_item_limit_gets_413_and_nothing_passes() throws Exception {
    cluster.maxItems(1);
    assertThat(post("/_bulk", TWO_ITEMS.getBytes(StandardCharsets.UTF_8), false).statusCode())
        .isEqualTo(413);
    assertThat(cluster.forwarded()).isEmpty();
  }

  @Test
  void other_requests_are_acknowledged() throws Exception {
    HttpResponse<String> response =
        post("/_index_template/logs", "{}".getBytes(StandardCharsets.UTF_8), false);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json.readTree(response.body()).get("acknowledged").asBoolean()).isTrue();
  }
}
