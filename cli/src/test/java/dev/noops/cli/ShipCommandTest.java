package dev.noops.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.noops.testsupport.AwsSystemProperties;
import dev.noops.testsupport.AwsWireMock;
import dev.noops.testsupport.AwsWireMock.Reply;
import dev.noops.testsupport.ScriptedCluster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ShipCommandTest {
  private static final String ENVELOPE = "aws-lambda-java-libs__cloudwatchlogs_event.envelope.json";
  private static final String DECODED = "aws-lambda-go__cloudwatch-logs-event.DERIVED-decoded.json";
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final ObjectMapper json = new ObjectMapper();

  @TempDir Path temp;

  private int run(String... args) {
    CommandLine commandLine = Noops.newCommandLine();
    commandLine.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    return commandLine.execute(args);
  }

  /**
   * The shared fixture copied out of the classpath (it may sit in test-support's jar) into a file.
   */
  private String event(String name) {
    Path file = temp.resolve(name);
    try (InputStream in = ShipCommandTest.class.getResourceAsStream("/events/" + name)) {
      if (!Files.exists(file)) {
        Files.copy(in, file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file.toString();
  }

  private List<String> lines() {
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void dry_run_prints_an_action_and_a_document_line_per_event() throws Exception {
    assertThat(run("ship", "--dry-run", event(ENVELOPE))).isZero();
    List<String> lines = lines();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0))
        .isEqualTo("{\"index\":{\"_index\":\"logs-lambda-2015.08.24\",\"_id\":\"eventId1\"}}");
    JsonNode doc = json.readTree(lines.get(1));
    assertThat(doc.get("@timestamp").asText()).isEqualTo("2015-08-24T19:03:07.000Z");
    assertThat(doc.get("message").asText()).isEqualTo("[ERROR] First test message");
    assertThat(doc.get("aws.cloudwatch.log_group").asText()).isEqualTo("testLogGroup");
    assertThat(lines.get(2)).contains("\"_id\":\"eventId2\"");
  }

  @Test
  void an_envelope_and_its_decoded_payload_give_the_same_ndjson() {
    assertThat(run("ship", "--dry-run", event(ENVELOPE))).isZero();
    String fromEnvelope = out.toString(StandardCharsets.UTF_8);
    out.reset();
    assertThat(run("ship", "--dry-run", event(DECODED))).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(fromEnvelope);
  }

  @Test
  void the_index_prefix_and_data_stream_options_shape_the_action_lines() {
    assertThat(
            run(
                "ship",
                "--dry-run",
                "--index-prefix",
                "app-logs",
                "--data-stream",
                event(ENVELOPE)))
        .isZero();
    assertThat(lines().get(0))
        .isEqualTo("{\"create\":{\"_index\":\"app-logs\",\"_id\":\"eventId1\"}}");
  }

  @Test
  void the_json_mapping_option_shapes_the_application_fields_and_rejects_an_unknown_one()
      throws Exception {
    String line = "{\\\"message\\\":\\\"paid\\\",\\\"order_total\\\":12.5}";
    Path file =
        Files.writeString(
            temp.resolve("json.json"),
            "{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"1\",\"logGroup\":\"/aws/lambda/f\","
                + "\"logStream\":\"s\",\"subscriptionFilters\":[],\"logEvents\":[{\"id\":\"e1\",\"timestamp\":0,"
                + "\"message\":\""
                + line
                + "\"}]}");
    assertThat(run("ship", "--dry-run", file.toString())).isZero();
    JsonNode pairs = json.readTree(lines().get(1));
    assertThat(pairs.path("json_kv").toString()).isEqualTo("[\"order_total=12.5\"]");
    assertThat(pairs.path("json_num").toString())
        .isEqualTo("[{\"key\":\"order_total\",\"value\":12.5}]");
    out.reset();
    assertThat(run("ship", "--dry-run", "--json-mapping", "flat_object", file.toString())).isZero();
    assertThat(json.readTree(lines().get(1)).has("json_kv")).isFalse();
    assertThat(run("ship", "--dry-run", "--json-mapping", "nested", file.toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("JSON_MAPPING must be auto, flat_object, flattened or key_value: nested");
  }

  @Test
  void dry_run_shows_routing_filtering_and_redaction() throws Exception {
    Path file =
        Files.writeString(
            temp.resolve("mixed.json"),
            "{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"1\","
                + "\"logGroup\":\"/aws/lambda/pay-api\",\"logStream\":\"s\",\"subscriptionFilters\":[],\"logEvents\":["
                + "{\"id\":\"e1\",\"timestamp\":0,\"message\":\"2024-05-01T10:00:00.000Z\\tr\\tDEBUG\\tnoise\"},"
                + "{\"id\":\"e2\",\"timestamp\":0,\"message\":\"2024-05-01T10:00:00.000Z\\tr\\tINFO\\tmail "
                + "jo@example.com\"}]}");
    assertThat(
            run(
                "ship",
                "--dry-run",
                "--min-level",
                "INFO",
                "--redact",
                "email",
                "--index-routes",
                "/aws/lambda/pay-*=pay-logs",
                file.toString()))
        .isZero();
    List<String> lines = lines();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0))
        .isEqualTo("{\"index\":{\"_index\":\"pay-logs-1970.01.01\",\"_id\":\"e2\"}}");
    assertThat(json.readTree(lines.get(1)).get("message").asText())
        .isEqualTo("mail [REDACTED:email]");
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("dropped=1")
        .contains("redacted.email=1");
  }

  @Test
  @SuppressWarnings("try") // the system properties are held for the try block's scope
  void dry_run_routes_by_the_looked_up_tags_and_falls_back_when_the_lookup_fails()
      throws Exception {
    Path file =
        Files.writeString(
            temp.resolve("tagged.json"),
            "{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"123456789012\","
                + "\"logGroup\":\"/aws/lambda/checkout\",\"logStream\":\"s\","
                + "\"subscriptionFilters\":[],\"logEvents\":["
                + "{\"id\":\"t1\",\"timestamp\":0,\"message\":\"paid\"}]}");
    try (AwsWireMock aws = AwsWireMock.start();
        AwsSystemProperties properties = AwsSystemProperties.pointingAt(aws)) {
      aws.stubJson(AwsWireMock.LOGS + ".ListTagsForResource", Reply.ok(Map.of("tags", Map.of())));
      aws.server()
          .stubFor(
              get(urlPathMatching("/2017-03-31/tags/.*checkout"))
                  .willReturn(okJson("{\"Tags\":{\"team\":\"payments\"}}")));
      String[] args = {
        "ship",
        "--dry-run",
        "--region",
        "eu-west-1",
        "--index-tag-routes",
        "team=payments=pay-logs",
        file.toString()
      };
      assertThat(run(args)).isZero();
      assertThat(lines().get(0))
          .isEqualTo("{\"index\":{\"_index\":\"pay-logs-1970.01.01\",\"_id\":\"t1\"}}");

      out.reset();
      err.reset();
      aws.server()
          .stubFor(
              get(urlPathMatching("/2017-03-31/tags/.*checkout"))
                  .willReturn(aResponse().withStatus(500)));
      assertThat(run(args)).as("a failed lookup never fails shipping").isZero();
      assertThat(lines().get(0))
          .isEqualTo("{\"index\":{\"_index\":\"logs-lambda-1970.01.01\",\"_id\":\"t1\"}}");
      assertThat(err.toString(StandardCharsets.UTF_8)).contains("untaggedRoutes=1");
    }
  }

  @Test
  void a_missing_file_exits_2_naming_it() {
    assertThat(run("ship", "--dry-run", temp.resolve("nope.json").toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("nope.json").contains("no such file");
    assertThat(out.size()).isZero();
  }

  @Test
  void a_file_that_is_not_cloudwatch_logs_data_exits_2_with_the_reason() throws Exception {
    Path bad =
        Files.writeString(temp.resolve("bad.json"), "{\"awslogs\":{\"data\":\"bm90IGd6aXA=\"}}");
    assertThat(run("ship", "--dry-run", event(ENVELOPE), bad.toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("bad.json")
        .contains("data is not gzip");
    assertThat(lines())
        .as("output is written as produced: the good file's lines, nothing of the bad one's")
        .hasSize(4);
  }

  @Test
  void dry_run_writes_a_file_before_reading_the_next() throws Exception {
    // the second file is a named pipe that is written only once the first file's lines are out:
    // a command that read (or validated) every file before printing would wait for ever
    Path pipe = temp.resolve("second.json");
    assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).isZero();
    byte[] second = Files.readAllBytes(Path.of(event(DECODED)));
    java.util.concurrent.CompletableFuture<Void> writer =
        java.util.concurrent.CompletableFuture.runAsync(
            () -> {
              try {
                long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
                while (lines().size() < 4 && System.nanoTime() < until) {
                  Thread.sleep(10);
                }
                Files.write(pipe, second); // blocks until the command opens the pipe
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });

    assertThat(run("ship", "--dry-run", event(ENVELOPE), pipe.toString())).isZero();

    writer.get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(lines()).hasSize(8);
  }

  @Test
  void ship_reports_unreadable_input_found_while_shipping_in_one_pass() throws Exception {
    // a Kinesis event whose first record is CloudWatch Logs data and whose second is not: the first
    // record's events are delivered in the same pass that finds the bad record, which is reported
    // (exit 2), not dead-lettered
    WireMockServer wireMock = new WireMockServer(options().dynamicPort());
    wireMock.start();
    try {
      wireMock.stubFor(
          any(anyUrl())
              .willReturn(aResponse().withStatus(200).withBody("{\"acknowledged\":true}")));
      wireMock.stubFor(
          post(urlPathEqualTo("/_bulk"))
              .willReturn(
                  aResponse()
                      .withStatus(200)
                      .withBody(
                          "{\"errors\":false,\"items\":[{\"index\":{\"status\":201}},{\"index\":{\"status\":201}}]}")));
      String data = json.readTree(readEvent(ENVELOPE)).get("awslogs").get("data").asText();
      Path kinesis =
          writeTemp(
              "kinesis.json",
              "{\"Records\":[{\"kinesis\":{\"data\":\""
                  + data
                  + "\"}},"
                  + "{\"kinesis\":{\"data\":\"bm90IGd6aXA=\"}}]}");

      assertThat(run("ship", "--es", wireMock.baseUrl(), kinesis.toString())).isEqualTo(2);

      assertThat(err.toString(StandardCharsets.UTF_8))
          .contains("kinesis.json")
          .contains("data is not gzip");
      List<com.github.tomakehurst.wiremock.verification.LoggedRequest> bulks =
          wireMock.findAll(postRequestedFor(urlPathEqualTo("/_bulk")));
      assertThat(bulks)
          .as("the good record's events, once; no dead letter for the bad one")
          .hasSize(1);
      String body = bulks.get(0).getBodyAsString(); // WireMock decompresses gzip bodies
      assertThat(body).contains("eventId1").contains("eventId2").doesNotContain("-failed-");
    } finally {
      wireMock.stop();
    }
  }

  private String readEvent(String name) {
    try {
      return Files.readString(Path.of(event(name)));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private Path writeTemp(String name, String text) {
    try {
      return Files.writeString(temp.resolve(name), text);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void neither_dry_run_nor_es_is_bad_usage() {
    assertThat(run("ship", event(ENVELOPE))).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--dry-run").contains("--es");
  }

  @Test
  void both_dry_run_and_es_is_bad_usage() {
    assertThat(run("ship", "--dry-run", "--es", "http://localhost:9200", event(ENVELOPE)))
        .isEqualTo(2);
  }

  @Test
  void two_kinds_of_authentication_are_bad_usage() {
    assertThat(
            run(
                "ship",
                "--es",
                "http://localhost:9200",
                "--user",
                "u",
                "--password=p",
                "--api-key",
                "k",
                event(ENVELOPE)))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("choose one of --user, --api-key");
  }

  @Test
  void no_file_is_bad_usage() {
    assertThat(run("ship", "--dry-run")).isEqualTo(2);
  }

  @Test
  void a_bad_index_prefix_is_bad_usage() {
    assertThat(run("ship", "--dry-run", "--index-prefix", "UPPER", event(ENVELOPE))).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("index prefix must be lower case");
  }

  @Test
  void ships_with_basic_auth_and_exits_0_when_everything_is_indexed() {
    WireMockServer wireMock =
        new WireMockServer(options().dynamicPort().extensions(ScriptedCluster.acknowledging()));
    wireMock.start();
    try {
      wireMock.stubFor(
          any(anyUrl()).willReturn(aResponse().withTransformers(ScriptedCluster.NAME)));

      assertThat(
              run(
                  "ship",
                  "--es",
                  wireMock.baseUrl(),
                  "--user",
                  "shipper",
                  "--password",
                  "pw",
                  event(ENVELOPE)))
          .isZero();

      assertThat(wireMock.findAll(postRequestedFor(urlPathEqualTo("/_bulk"))))
          .singleElement()
          .satisfies(
              request ->
                  assertThat(request.getHeader("Authorization"))
                      .isEqualTo("Basic c2hpcHBlcjpwdw=="));
      assertThat(err.toString(StandardCharsets.UTF_8))
          .contains("2 events, 2 documents indexed, 0 dead-lettered");
    } finally {
      wireMock.stop();
    }
  }

  @Test
  void exits_1_when_events_are_dead_lettered() {
    ScriptedCluster cluster = ScriptedCluster.acknowledging();
    cluster.script(
        (id, attempt) ->
            id.equals("eventId1") ? ScriptedCluster.Fault.MAPPING_400 : ScriptedCluster.Fault.NONE);
    WireMockServer wireMock = new WireMockServer(options().dynamicPort().extensions(cluster));
    wireMock.start();
    try {
      wireMock.stubFor(
          any(anyUrl()).willReturn(aResponse().withTransformers(ScriptedCluster.NAME)));

      assertThat(run("ship", "--es", wireMock.baseUrl(), event(ENVELOPE))).isEqualTo(1);
      assertThat(err.toString(StandardCharsets.UTF_8)).contains("1 dead-lettered");
    } finally {
      wireMock.stop();
    }
  }

  @Test
  void exits_1_when_the_cluster_cannot_be_reached_in_time() throws Exception {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    long started = System.nanoTime();
    assertThat(run("ship", "--es", "http://127.0.0.1:" + port, "--timeout", "60", event(ENVELOPE)))
        .isEqualTo(1);
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
        .as("no minute of retries")
        .isLessThan(java.time.Duration.ofSeconds(15));
    String said = err.toString(StandardCharsets.UTF_8);
    assertThat(said.lines()).as("one line, not 40").hasSize(1);
    assertThat(said)
        .contains("cannot reach http://127.0.0.1:" + port + ": connection refused")
        .contains("Nothing was shipped")
        .contains("Check that the cluster is running")
        .doesNotContain("invocation")
        .doesNotContain("retried")
        .doesNotContain("Exception");
  }

  @Test
  void a_cluster_that_stalls_the_body_fails_within_the_timeout_in_terminal_words() {
    try (dev.noops.testsupport.SilentServer cluster =
        dev.noops.testsupport.SilentServer.stallingBody()) {
      long started = System.nanoTime();
      int exit =
          org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
              java.time.Duration.ofSeconds(40),
              () ->
                  run("ship", "--es", cluster.uri().toString(), "--timeout", "5", event(ENVELOPE)));
      assertThat(exit).isEqualTo(1);
      assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
          .isLessThan(java.time.Duration.ofSeconds(25));
      assertThat(err.toString(StandardCharsets.UTF_8))
          .contains("2 documents not delivered to " + cluster.uri())
          .contains("within --timeout 5 s")
          .contains("Running the same command again is safe")
          .doesNotContain("invocation");
    }
  }
}
