package dev.noops.logs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.noops.logs.CloudWatchData.envelope;
import static dev.noops.logs.CloudWatchData.payload;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.noops.testsupport.OpenSearchNode;
import dev.noops.testsupport.ScriptedCluster;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shipper drains its own on-failure queue (SQS event source mapping, {@code
 * ReportBatchItemFailures}) into a real OpenSearch node, behind a scripted cluster for faults: the
 * same ids as the original invocation, only the failed record handed back, malformed records
 * dead-lettered instead of looping.
 */
class QueueDrainTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static OpenSearchNode node;
  private static Cluster cluster;
  private static ScriptedCluster scripted;
  private static WireMockServer wireMock;

  @BeforeAll
  static void start() {
    node = OpenSearchNode.start();
    cluster = new Cluster(node.httpUri());
    scripted = new ScriptedCluster(node.httpUri());
    wireMock = new WireMockServer(options().dynamicPort().extensions(scripted));
    wireMock.start();
  }

  @AfterAll
  static void stop() {
    wireMock.stop();
    node.close();
  }

  @BeforeEach
  void passThrough() {
    wireMock.resetAll();
    scripted.reset();
    wireMock.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(ScriptedCluster.NAME)));
  }

  private static ShipperHandler handler(String prefix) {
    return new ShipperHandler(
        Shipper.create(
            OpenSearchShippingTest.config(URI.create(wireMock.baseUrl()), prefix).build(),
            MetricLineListener.NONE));
  }

  private static JsonNode resource(String name) throws IOException {
    try (InputStream in = QueueDrainTest.class.getResourceAsStream("/events/" + name)) {
      return JSON.readTree(in);
    }
  }

  /** Lambda's on-failure destination record around {@code input} (AWS's documented shape). */
  private static String destinationRecord(byte[] input) throws IOException {
    ObjectNode record = JSON.createObjectNode();
    record.put("version", "1.0");
    record.put("timestamp", "2020-03-27T03:52:05.541Z");
    record
        .putObject("requestContext")
        .put("requestId", "e4b46cbf-b738-xmpl-8880-a18cdf61200e")
        .put("functionArn", "arn:aws:lambda:eu-west-1:123456789012:function:noops-logs-to-elk:live")
        .put("condition", "RetriesExhausted")
        .put("approximateInvokeCount", 3);
    record.set("requestPayload", JSON.readTree(input));
    record
        .putObject("responseContext")
        .put("statusCode", 200)
        .put("executedVersion", "3")
        .put("functionError", "Unhandled");
    record.putObject("responsePayload").put("errorMessage", "the cluster is unreachable");
    return record.toString();
  }

  /** AWS's sample SQS event with one record per body (ids m-0, m-1, …). */
  private static byte[] sqsEvent(String... bodies) throws IOException {
    ObjectNode event = (ObjectNode) resource("aws-lambda-go__sqs-event.json");
    ObjectNode sample = (ObjectNode) event.path("Records").get(0);
    ArrayNode records = event.putArray("Records");
    for (int i = 0; i < bodies.length; i++) {
      records.add(sample.deepCopy().put("messageId", "m-" + i).put("body", bodies[i]));
    }
    return JSON.writeValueAsBytes(event);
  }

  private static JsonNode invoke(ShipperHandler handler, byte[] event, int seconds)
      throws IOException {
    return JSON.readTree(OpenSearchShippingTest.invoke(handler, event, seconds));
  }

  private static byte[] awsSampleEnvelope() throws IOException {
    try (InputStream in =
        QueueDrainTest.class.getResourceAsStream(
            "/events/aws-lambda-go__cloudwatch-logs-event.envelope.json")) {
      return in.readAllBytes();
    }
  }

  @Test
  void queue_records_are_shipped_with_the_original_ids_so_draining_twice_adds_nothing()
      throws IOException {
    byte[] original = awsSampleEnvelope(); // AWS's sample: 2 events of testLogGroup
    byte[] other = envelope(payload(CloudWatchData.events("o", List.of("one", "two", "three"))));
    byte[] event = sqsEvent(destinationRecord(original), destinationRecord(other));
    ShipperHandler handler = handler("drain");

    assertThat(QueueDrain.isSqsEvent(event)).isTrue();
    assertThat(invoke(handler, event, 30).path("batchItemFailures").size()).isZero();
    long first = cluster.count("drain-*");
    assertThat(first).isEqualTo(5);

    assertThat(invoke(handler, event, 30).path("batchItemFailures").size()).isZero();
    OpenSearchShippingTest.invoke(handler, original, 30); // the original invocation, retried
    assertThat(cluster.count("drain-*")).as("same _ids: nothing duplicated").isEqualTo(first);
    assertThat(cluster.count("drain-failed-*")).isZero();
  }

  @Test
  void only_the_record_whose_documents_the_cluster_keeps_refusing_is_handed_back()
      throws IOException {
    byte[] bad = envelope(payload(CloudWatchData.events("bad", List.of("a", "b"))));
    byte[] good = envelope(payload(CloudWatchData.events("good", List.of("c", "d"))));
    byte[] event = sqsEvent(destinationRecord(bad), destinationRecord(good));
    ShipperHandler handler = handler("partial");
    OpenSearchShippingTest.invoke(
        handler, envelope(payload(CloudWatchData.events("warm", List.of("w")))), 30);
    scripted.script(
        (id, attempt) ->
            id.startsWith("bad-")
                ? (attempt % 2 == 0
                    ? ScriptedCluster.Fault.BUSY_429
                    : ScriptedCluster.Fault.ITEM_503)
                : ScriptedCluster.Fault.NONE);

    JsonNode answer = invoke(handler, event, 6); // the failing record first: it gets half the time

    assertThat(answer.path("batchItemFailures").findValuesAsText("itemIdentifier"))
        .containsExactly("m-0");
    assertThat(cluster.count("partial-2020.03.27")).as("warm-up + the good record").isEqualTo(3);
    assertThat(cluster.count("partial-failed-*"))
        .as("a refusal to retry is no dead letter")
        .isZero();

    scripted.script((id, attempt) -> ScriptedCluster.Fault.NONE); // SQS delivers m-0 again later
    assertThat(invoke(handler, event, 30).path("batchItemFailures").size()).isZero();
    assertThat(cluster.count("partial-2020.03.27")).isEqualTo(5);
  }

  @Test
  void malformed_records_are_dead_lettered_once_and_never_handed_back() throws IOException {
    String notDestination =
        resource("aws-lambda-go__sqs-event.json").path("Records").get(0).path("body").asText();
    byte[] noBody =
        JSON.writeValueAsBytes(resource("aws-lambda-java-libs__sqs_sqs_event_nobody.json"));
    byte[] event =
        sqsEvent(
            notDestination, // "Message Body"
            "{\"version\":\"1.0\",\"requestContext\":{\"condition\":\"RetriesExhausted\"}}",
            destinationRecord(
                "{\"awslogs\":{\"data\":\"bm90IGd6aXA=\"}}".getBytes(StandardCharsets.UTF_8)));
    ShipperHandler handler = handler("malformed");

    for (int delivery = 0; delivery < 2; delivery++) {
      assertThat(invoke(handler, event, 30).path("batchItemFailures").size()).isZero();
      assertThat(invoke(handler, noBody, 30).path("batchItemFailures").size()).isZero();
    }

    assertThat(cluster.count("malformed-failed-*"))
        .as("one dead letter per malformed record, overwritten on the second delivery")
        .isEqualTo(4);
    JsonNode letter =
        cluster.source("malformed-failed-*", InvalidInput.of("any", notDestination).id());
    assertThat(letter.path("event.original").asText()).isEqualTo("Message Body");
    assertThat(letter.path("error.message").asText()).isEqualTo("the queue record is not JSON");
  }

  @Test
  void only_sqs_events_are_drained() throws IOException {
    assertThat(QueueDrain.isSqsEvent(awsSampleEnvelope())).isFalse();
    assertThat(
            QueueDrain.isSqsEvent(
                JSON.writeValueAsBytes(resource("aws-lambda-go__kinesis-event.json"))))
        .isFalse();
    assertThat(QueueDrain.isSqsEvent("not json".getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(
            QueueDrain.isSqsEvent(
                JSON.writeValueAsBytes(
                    resource("aws-lambda-java-libs__sqs_sqs_event_nobody.json"))))
        .isTrue();
  }
}
