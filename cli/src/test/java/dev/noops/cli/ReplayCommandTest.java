package dev.noops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.noops.testsupport.OpenSearchNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * noops replay against a real OpenSearch node: dead letters and queue records come back with their
 * ids, once.
 */
class ReplayCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PAYLOAD =
      "{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"123456789012\",\"logGroup\":\"/aws/lambda/shop\","
          + "\"logStream\":\"2020/03/27/[$LATEST]a\",\"subscriptionFilters\":[\"noops\"],\"logEvents\":["
          + "{\"id\":\"r1\",\"timestamp\":1585280405000,\"message\":\"{\\\"message\\\":\\\"paid\\\","
          + "\\\"order\\\":7}\"},"
          + "{\"id\":\"r2\",\"timestamp\":1585280405001,\"message\":\"plain\"}]}";
  private static OpenSearchNode node;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(java.time.Duration.ofSeconds(10))
          .build();

  @TempDir Path temp;

  @BeforeAll
  static void startNode() {
    node = OpenSearchNode.start();
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  private int run(String... args) {
    err.reset();
    CommandLine commandLine = Noops.newCommandLine();
    commandLine.setOut(new PrintWriter(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    return commandLine.execute(args);
  }

  private JsonNode send(String method, String path, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(node.httpUri().resolve(path))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build();
    String answer = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    return JSON.readTree(answer.isEmpty() ? "{}" : answer);
  }

  private long count(String pattern) throws Exception {
    send("POST", "/" + pattern + "/_refresh?allow_no_indices=true&ignore_unavailable=true", null);
    return send(
            "GET", "/" + pattern + "/_count?allow_no_indices=true&ignore_unavailable=true", null)
        .path("count")
        .asLong();
  }

  @Test
  void dead_letters_are_replayed_once_the_cause_is_fixed_and_a_second_replay_adds_nothing()
      throws Exception {
    String es = node.httpUri().toString();
    Path input = Files.writeString(temp.resolve("payload.json"), PAYLOAD);
    assertThat(run("ship", "--es", es, "--index-prefix", "dl", input.toString()))
        .isZero(); // installs the templates
    send("DELETE", "/dl-2020.03.27", null);
    // the cause: message mapped as a number, so every document is refused
    send(
        "PUT",
        "/dl-2020.03.27",
        "{\"mappings\":{\"properties\":{\"message\":{\"type\":\"long\"}}}}");
    assertThat(run("ship", "--es", es, "--index-prefix", "dl", input.toString())).isEqualTo(1);
    assertThat(count("dl-failed-*")).isEqualTo(2);

    assertThat(run("replay", "--es", es, "--index-prefix", "dl", "--dead-letters", "--dry-run"))
        .isZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("dry run: 2 found, 0 replayed");
    assertThat(count("dl-failed-*")).isEqualTo(2);

    send("DELETE", "/dl-2020.03.27", null); // the fix
    assertThat(run("replay", "--es", es, "--index-prefix", "dl", "--dead-letters")).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(
            "done: 2 found, 2 replayed, 0 refused again, 0 skipped (no log group), 2 letters"
                + " removed");
    assertThat(count("dl-2020.03.27")).isEqualTo(2);
    assertThat(count("dl-failed-*")).isZero();
    JsonNode doc =
        send("POST", "/dl-2020.03.27/_search", "{\"query\":{\"ids\":{\"values\":[\"r1\"]}}}")
            .path("hits")
            .path("hits")
            .get(0);
    assertThat(doc.path("_source").path("aws.cloudwatch.log_group").asText())
        .isEqualTo("/aws/lambda/shop");

    assertThat(run("replay", "--es", es, "--index-prefix", "dl", "--dead-letters")).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("done: 0 found");
    assertThat(count("dl-2020.03.27")).isEqualTo(2);
  }

  @Test
  void queue_records_are_replayed_from_their_request_payload_with_the_same_ids() throws Exception {
    String es = node.httpUri().toString();
    Path record =
        Files.writeString(
            temp.resolve("record.json"),
            "{\"version\":\"1.0\",\"requestContext\":{\"condition\":\"RetriesExhausted\","
                + "\"approximateInvokeCount\":3},\"requestPayload\":"
                + PAYLOAD
                + ",\"responseContext\":{\"statusCode\":200}}");
    Path broken = Files.writeString(temp.resolve("broken.json"), "{\"version\":\"1.0\"}");

    assertThat(run("replay", "--es", es, "--index-prefix", "q", "--dry-run", record.toString()))
        .isZero();
    assertThat(count("q-*")).isZero();
    assertThat(run("replay", "--es", es, "--index-prefix", "q", record.toString())).isZero();
    assertThat(run("replay", "--es", es, "--index-prefix", "q", record.toString())).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("[1/1]")
        .contains("2 events, 2 indexed");
    assertThat(count("q-2020.03.27")).isEqualTo(2);

    assertThat(run("replay", "--es", es, "--index-prefix", "q", broken.toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no requestPayload");
  }

  @Test
  void replay_needs_exactly_one_source() {
    assertThat(run("replay", "--es", "http://127.0.0.1:1")).isEqualTo(2);
    assertThat(run("replay", "--es", "http://127.0.0.1:1", "--dead-letters", "x.json"))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("not both");
  }
}
