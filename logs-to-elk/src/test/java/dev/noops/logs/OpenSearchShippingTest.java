package dev.noops.logs;

import static dev.noops.logs.CloudWatchData.envelope;
import static dev.noops.logs.CloudWatchData.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.noops.testsupport.FakeContext;
import dev.noops.testsupport.OpenSearchNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipper against a real OpenSearch node: what lands in the index, and that retries never
 * duplicate.
 */
class OpenSearchShippingTest {
  static final List<String> RUNTIME_SAMPLES =
      List.of(
          "aws-docs__nodejs-logging.log",
          "aws-docs__python-print-logging.log",
          "aws-docs__python-logging-module.log",
          "aws-docs__java-logging.log",
          "aws-docs__java-log4j2-appender.log",
          "aws-docs__dotnet-csharp-logging.log",
          "aws-docs__go-logging.log",
          "aws-docs__ruby-logging.log");

  private static OpenSearchNode node;
  private static Cluster cluster;

  @BeforeAll
  static void startNode() {
    node = OpenSearchNode.start();
    cluster = new Cluster(node.httpUri());
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  static ShipperConfig.Builder config(URI endpoint, String prefix) {
    return ShipperConfig.builder()
        .endpoint(endpoint)
        .indexPrefix(prefix)
        .region("eu-west-1")
        .safetyMargin(Duration.ZERO)
        .retryBaseDelay(Duration.ofMillis(20))
        .retryMaxDelay(Duration.ofMillis(200));
  }

  private static ShipperHandler handler(ShipperConfig config) {
    return new ShipperHandler(Shipper.create(config, MetricLineListener.NONE));
  }

  static String invoke(ShipperHandler handler, byte[] input, int seconds) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      FakeContext context = FakeContext.withRemaining(Duration.ofSeconds(seconds));
      handler.handleRequest(new ByteArrayInputStream(input), out, context);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * One subscription envelope per documented runtime sample (one log stream each), plus AWS's own
   * sample event.
   */
  static List<byte[]> fixtureInvocations() {
    List<byte[]> invocations = new ArrayList<>();
    for (String sample : RUNTIME_SAMPLES) {
      String stream = "2020/03/27/[$LATEST]" + Integer.toHexString(sample.hashCode());
      List<LogEvent> events =
          CloudWatchData.events(sample.replace('.', '-'), CloudWatchData.messages(sample));
      invocations.add(
          envelope(
              payload("/aws/lambda/" + sample.substring(10, sample.indexOf('.')), stream, events)));
    }
    invocations.add(CloudWatchData.resource("aws-lambda-go__cloudwatch-logs-event.envelope.json"));
    return invocations;
  }

  static int fixtureEventCount() {
    return RUNTIME_SAMPLES.stream().mapToInt(s -> CloudWatchData.messages(s).size()).sum() + 2;
  }

  @Test
  void ships_the_fixtures_and_a_retried_invocation_adds_no_duplicates() {
    ShipperHandler handler = handler(config(node.httpUri(), "fixtures").build());
    for (byte[] invocation : fixtureInvocations()) {
      invoke(handler, invocation, 30);
    }
    long first = cluster.count("fixtures-*");
    assertThat(first).isEqualTo(fixtureEventCount());

    for (byte[] invocation : fixtureInvocations()) {
      invoke(handler, invocation, 30); // Lambda retries every invocation
    }
    assertThat(cluster.count("fixtures-*")).isEqualTo(first);
    assertThat(cluster.count("fixtures-failed-*")).isZero();
    assertThat(cluster.count("fixtures-2015.08.24"))
        .as("AWS's sample event is from 2015-08-24")
        .isEqualTo(2);
  }

  @Test
  void a_256_kb_message_and_a_hostile_json_line_are_indexed_whole() {
    ShipperHandler handler = handler(config(node.httpUri(), "large").build());
    String big = "2024-05-01T10:00:00.000Z\tr-1\tINFO\t" + "x".repeat(256 * 1024 - 40);
    String longValue =
        "{\"message\":\"long value\",\"payload\":\"" + "é".repeat(40_000) + "\",\"n\":1e400}";
    StringBuilder wide = new StringBuilder("{\"message\":\"wide\"");
    for (int i = 0; i < 3000; i++) {
      wide.append(",\"field").append(i).append("\":{\"v\":").append(i).append('}');
    }
    invoke(
        handler,
        envelope(
            payload(
                CloudWatchData.events(
                    "big", List.of(big, wide.append('}').toString(), longValue)))),
        30);

    assertThat(cluster.count("large-2020.03.27"))
        .as("a value above Lucene's 32 KB term limit is kept too")
        .isEqualTo(3);
    assertThat(cluster.count("large-failed-*")).isZero();
    assertThat(cluster.source("large-*", "big-0").get("message").asText()).hasSize(256 * 1024 - 40);
  }

  @Test
  void payloads_delivered_through_kinesis_are_shipped_like_subscriptions() {
    ShipperHandler handler = handler(config(node.httpUri(), "kinesis").build());
    byte[] first =
        payload(
            "/aws/lambda/a", "2020/03/27/[1]a", CloudWatchData.events("ka", List.of("one", "two")));
    byte[] second =
        payload("/aws/lambda/b", "2020/03/27/[2]b", CloudWatchData.events("kb", List.of("three")));
    String report = invoke(handler, CloudWatchData.kinesis(first, second), 30);

    assertThat(report).contains("\"events\":3");
    assertThat(cluster.count("kinesis-2020.03.27")).isEqualTo(3);
    assertThat(cluster.source("kinesis-*", "kb-0").get("faas.version").asText()).isEqualTo("2");
  }

  @Test
  void documents_carry_the_schema_fields_with_the_right_types() {
    ShipperHandler handler = handler(config(node.httpUri(), "schema").build());
    String report =
        "REPORT RequestId: r-1\tDuration: 128.83 ms\tBilled Duration: 200 ms\tMemory Size: 128 MB"
            + "\tMax Memory Used: 74 MB\tInit Duration: 166.62 ms\tXRAY TraceId:"
            + " 1-5d9d007f-0a8c7fd02xmpl480aed55ef0\n";
    String metric =
        "2024-05-01T10:00:00.000Z\tr-1\tINFO"
            + "\tMONITORING|1489795335|27.4|latency|user-api-latency|#tier:gold\n";
    String json =
        "{\"level\":\"warn\",\"message\":\"slow\",\"x-correlation-id\":\"c-1\",\"order\":{\"total\":12.5}}";
    invoke(
        handler, envelope(payload(CloudWatchData.events("s", List.of(report, metric, json)))), 30);

    JsonNode reportDoc = cluster.source("schema-*", "s-0");
    assertThat(reportDoc.get("@timestamp").asText()).isEqualTo("2020-03-27T03:40:05.000Z");
    assertThat(reportDoc.get("event.action").asText()).isEqualTo("report");
    assertThat(reportDoc.get("aws.lambda.duration_ms").isNumber()).isTrue();
    assertThat(reportDoc.get("faas.coldstart").asBoolean()).isTrue();
    assertThat(reportDoc.get("faas.name").asText()).isEqualTo("my-function");
    assertThat(reportDoc.get("cloud.account.id").asText()).isEqualTo("123456789012");

    JsonNode mapping =
        cluster
            .get("/schema-2020.03.27/_mapping")
            .path("schema-2020.03.27")
            .path("mappings")
            .path("properties");
    assertThat(type(mapping, "@timestamp")).isEqualTo("date");
    assertThat(type(mapping, "message")).isEqualTo("text");
    assertThat(type(mapping, "log", "level")).isEqualTo("keyword");
    assertThat(type(mapping, "event", "id")).isEqualTo("keyword");
    assertThat(type(mapping, "aws", "lambda", "duration_ms")).isEqualTo("double");
    assertThat(type(mapping, "aws", "lambda", "memory_size_mb")).isEqualTo("long");
    assertThat(type(mapping, "faas", "coldstart")).isEqualTo("boolean");
    assertThat(type(mapping, "trace", "id")).isEqualTo("keyword");
    assertThat(type(mapping, "metric", "value")).isEqualTo("double");
    assertThat(type(mapping, "metric", "tags", "tier")).isEqualTo("keyword");
    assertThat(type(mapping, "labels", "x-correlation-id")).isEqualTo("keyword");
    assertThat(type(mapping, "json"))
        .as("OpenSearch 3.8: one field for every application key")
        .isEqualTo("flat_object");
    assertThat(type(mapping, "json_num")).isEqualTo("nested");
    assertThat(type(mapping, "json_num", "value")).isEqualTo("double");
    JsonNode byJson =
        cluster.post("/schema-*/_search", "{\"query\":{\"term\":{\"json.order_total\":\"12.5\"}}}");
    assertThat(byJson.path("hits").path("total").path("value").asInt())
        .as("json.<path>: value")
        .isEqualTo(1);

    JsonNode found =
        cluster.post(
            "/schema-*/_search",
            "{\"query\":{\"range\":{\"aws.lambda.duration_ms\":{\"gt\":100}}}}");
    assertThat(found.path("hits").path("total").path("value").asInt())
        .as("numbers are searchable as numbers")
        .isEqualTo(1);
    JsonNode byLabel =
        cluster.post(
            "/schema-*/_search", "{\"query\":{\"term\":{\"labels.x-correlation-id\":\"c-1\"}}}");
    assertThat(byLabel.path("hits").path("total").path("value").asInt()).isEqualTo(1);
  }

  @Test
  void the_index_templates_are_installed_and_applied() {
    ShipperHandler handler = handler(config(node.httpUri(), "tmpl").build());
    invoke(handler, envelope(payload(CloudWatchData.events("t", List.of("hello")))), 30);

    assertThat(
            cluster
                .get("/_index_template/tmpl")
                .path("index_templates")
                .get(0)
                .path("name")
                .asText())
        .isEqualTo("tmpl");
    assertThat(
            cluster
                .get("/_index_template/tmpl-failed")
                .path("index_templates")
                .get(0)
                .path("name")
                .asText())
        .isEqualTo("tmpl-failed");
    JsonNode mappings =
        cluster.get("/tmpl-2020.03.27/_mapping").path("tmpl-2020.03.27").path("mappings");
    assertThat(mappings.path("date_detection").asBoolean(true)).isFalse();
    assertThat(mappings.path("properties").path("json").path("type").asText())
        .isEqualTo("flat_object");
    assertThat(
            cluster
                .get("/_index_template/tmpl")
                .path("index_templates")
                .get(0)
                .path("index_template")
                .path("_meta")
                .path("json_mapping")
                .asText())
        .isEqualTo("flat_object");
  }

  @Test
  void a_field_that_is_a_number_in_one_function_and_an_object_in_another_keeps_both_documents() {
    ShipperHandler handler = handler(config(node.httpUri(), "conflict").build());
    invoke(
        handler,
        envelope(
            payload(
                "/aws/lambda/a",
                "2020/03/27/[1]a",
                List.of(
                    new LogEvent(
                        "c-1", CloudWatchData.T0, "{\"message\":\"a\",\"order\":5,\"ok\":true}")))),
        30);
    invoke(
        handler,
        envelope(
            payload(
                "/aws/lambda/b",
                "2020/03/27/[1]b",
                List.of(
                    new LogEvent(
                        "c-2",
                        CloudWatchData.T0,
                        "{\"message\":\"b\",\"order\":{\"id\":\"x-1\",\"lines\":[1,2]},\"ok\":\"yes\"}")))),
        30);
    invoke(
        handler,
        envelope(
            payload(
                "/aws/lambda/c",
                "2020/03/27/[1]c",
                List.of(
                    new LogEvent(
                        "c-3",
                        CloudWatchData.T0,
                        "{\"message\":\"c\",\"order\":\"text\",\"ok\":{\"nested\":false}}")))),
        30);

    assertThat(cluster.count("conflict-2020.03.27")).isEqualTo(3);
    assertThat(cluster.count("conflict-failed-*")).isZero();
    assertThat(cluster.source("conflict-*", "c-2").path("json").get("order_id").asText())
        .isEqualTo("x-1");
  }

  @Test
  void documents_the_cluster_rejects_go_to_the_dead_letter_index_with_the_raw_message() {
    // the day's index already exists with a strict mapping: any field beyond the template's is
    // refused
    String strict = "{\"mappings\":{\"dynamic\":\"strict\"}}";
    ShipperHandler handler = handler(config(node.httpUri(), "strict").build());
    invoke(
        handler,
        envelope(payload(CloudWatchData.events("warmup", List.of("x")))),
        30); // installs the templates
    cluster.send("DELETE", "/strict-2020.03.27", null);
    cluster.put("/strict-2020.03.27", strict);

    // json is one mapped field now; a correlation id adds a labels.* field, which the strict index
    // refuses
    String rejected =
        "{\"message\":\"has a correlation id\",\"customer\":\"c-9\",\"x-correlation-id\":\"c-1\"}";
    String report =
        invoke(
            handler,
            envelope(payload(CloudWatchData.events("d", List.of("plain line", rejected)))),
            30);

    assertThat(report).contains("\"deadLettered\":1");
    assertThat(cluster.count("strict-2020.03.27")).isEqualTo(1);
    JsonNode letter = cluster.source("strict-failed-*", "d-1");
    assertThat(letter.get("event.original").asText()).isEqualTo(rejected);
    assertThat(letter.get("error.type").asText()).isEqualTo("strict_dynamic_mapping_exception");
    assertThat(letter.get("http.response.status_code").asInt()).isEqualTo(400);
    assertThat(letter.get("aws.cloudwatch.log_group").asText()).isEqualTo(CloudWatchData.GROUP);
  }

  @Test
  void unreadable_input_goes_to_the_dead_letter_index_once_however_often_it_is_retried() {
    ShipperHandler handler = handler(config(node.httpUri(), "garbage").build());
    byte[] input = "{\"awslogs\":{\"data\":\"bm90IGd6aXA=\"}}".getBytes(StandardCharsets.UTF_8);
    String report = invoke(handler, input, 30);
    invoke(handler, input, 30);

    assertThat(report).contains("\"invalidInputs\":1");
    assertThat(cluster.count("garbage-failed-*")).isEqualTo(1);
    JsonNode letters = cluster.post("/garbage-failed-*/_search", "{}").path("hits").path("hits");
    JsonNode letter = letters.get(0).get("_source");
    assertThat(letter.get("error.type").asText()).isEqualTo("invalid_input");
    assertThat(letter.get("error.message").asText()).isEqualTo("data is not gzip");
    assertThat(letter.get("event.original").asText()).isEqualTo("bm90IGd6aXA=");
  }

  @Test
  void data_stream_mode_creates_once_and_counts_a_conflict_as_already_indexed() {
    ShipperConfig config = config(node.httpUri(), "stream-logs").dataStream(true).build();
    Shipper shipper = Shipper.create(config, MetricLineListener.NONE);
    byte[] input = envelope(payload(CloudWatchData.events("ds", List.of("one", "two", "three"))));

    ShipReport first = shipper.ship(input, Duration.ofSeconds(30));
    ShipReport again = shipper.ship(input, Duration.ofSeconds(30));

    assertThat(first.indexed()).isEqualTo(3);
    assertThat(again.indexed()).as("409 = already there = success").isEqualTo(3);
    assertThat(again.deadLettered()).isZero();
    assertThat(cluster.count("stream-logs")).isEqualTo(3);
    assertThat(cluster.get("/_data_stream/stream-logs").path("data_streams").size()).isEqualTo(1);
  }

  @Test
  void a_cluster_that_cannot_be_reached_fails_the_invocation_when_the_budget_runs_out() {
    URI nowhere = URI.create("http://127.0.0.1:" + closedPort());
    ShipperHandler handler = handler(config(nowhere, "nowhere").build());
    byte[] input = envelope(payload(CloudWatchData.events("n", List.of("kept for the retry"))));
    assertThatThrownBy(() -> invoke(handler, input, 2))
        .isInstanceOf(BudgetExhaustedException.class)
        .hasMessageContaining("1 documents undelivered");
  }

  static int closedPort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String type(JsonNode properties, String... path) {
    JsonNode node = properties;
    for (int i = 0; i < path.length; i++) {
      node = node.path(path[i]);
      if (i < path.length - 1) {
        node = node.path("properties");
      }
    }
    return node.path("type").asText(null);
  }
}
