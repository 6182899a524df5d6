package dev.noops.logs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.noops.logs.CloudWatchData.envelope;
import static dev.noops.logs.CloudWatchData.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.noops.testsupport.OpenSearchNode;
import dev.noops.testsupport.ScriptedCluster;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * WireMock in front of a real OpenSearch node, scripted to fail: whatever happens, every event ends
 * in the log index exactly once or in the dead-letter index, and nothing indexed is resent.
 */
class BulkFaultsTest {
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
    wireMock.stubFor(
        any(anyUrl())
            .atPriority(10)
            .willReturn(aResponse().withTransformers(ScriptedCluster.NAME)));
  }

  private static Shipper shipper(String prefix) {
    return shipper(prefix, 10_000);
  }

  private static Shipper shipper(String prefix, int requestTimeoutMillis) {
    ShipperConfig config =
        OpenSearchShippingTest.config(URI.create(wireMock.baseUrl()), prefix)
            .requestTimeout(Duration.ofMillis(requestTimeoutMillis))
            .build();
    return Shipper.create(config, MetricLineListener.NONE);
  }

  private static List<LogEvent> events(String prefix, int count) {
    return CloudWatchData.events(
        prefix, IntStream.range(0, count).mapToObj(i -> "line " + i + " of " + prefix).toList());
  }

  private static List<String> ids(List<LogEvent> events) {
    return events.stream().map(LogEvent::id).toList();
  }

  /**
   * Each id is in exactly one of the log index and the dead-letter index; returns the dead-lettered
   * ones.
   */
  private static List<String> assertEachIndexedOnceOrDeadLettered(String prefix, List<String> ids) {
    cluster.count(prefix + "-*"); // refreshes
    List<String> deadLettered = new ArrayList<>();
    for (String id : ids) {
      long live = hits(prefix + "-2020.03.27", id);
      long dead = hits(prefix + "-failed-*", id);
      assertThat(live + dead).as(id).isEqualTo(1);
      if (dead == 1) {
        deadLettered.add(id);
      }
    }
    return deadLettered;
  }

  private static long hits(String pattern, String id) {
    JsonNode found =
        cluster.post(
            "/" + pattern + "/_search?ignore_unavailable=true&allow_no_indices=true",
            "{\"query\":{\"ids\":{\"values\":[\"" + id + "\"]}}}");
    return found.path("hits").path("total").path("value").asLong();
  }

  @Test
  void
      busy_broken_and_bad_items_end_indexed_once_or_dead_lettered_and_indexed_ones_are_never_resent() {
    List<LogEvent> events = events("items", 30);
    scripted.script(
        (id, attempt) -> {
          int n = Integer.parseInt(id.substring(id.lastIndexOf('-') + 1));
          return switch (n % 5) {
            case 1 -> attempt <= 2 ? ScriptedCluster.Fault.BUSY_429 : ScriptedCluster.Fault.NONE;
            case 2 -> ScriptedCluster.Fault.MAPPING_400;
            case 3 -> attempt == 1 ? ScriptedCluster.Fault.ITEM_503 : ScriptedCluster.Fault.NONE;
            default -> ScriptedCluster.Fault.NONE;
          };
        });

    ShipReport report = shipper("items").ship(envelope(payload(events)), Duration.ofSeconds(30));

    List<String> deadLettered = assertEachIndexedOnceOrDeadLettered("items", ids(events));
    assertThat(deadLettered)
        .containsExactlyInAnyOrder(
            "items-2", "items-7", "items-12", "items-17", "items-22", "items-27");
    assertThat(report.deadLettered()).isEqualTo(6);
    assertThat(report.indexed()).as("24 events + 6 dead letters").isEqualTo(30);
    assertThat(scripted.forwarded())
        .as("nothing that was indexed is sent again")
        .allSatisfy((id, times) -> assertThat(times).isEqualTo(1));
    JsonNode letter = cluster.source("items-failed-*", "items-7");
    assertThat(letter.get("event.original").asText()).isEqualTo("line 7 of items");
    assertThat(letter.get("error.type").asText()).isEqualTo("mapper_parsing_exception");
    assertThat(letter.get("error.message").asText()).contains("failed to parse field");
  }

  @Test
  void whole_request_failures_503_reset_and_timeout_are_retried_without_duplicates() {
    List<LogEvent> events = events("whole", 12);
    wireMock.stubFor(
        post(urlPathEqualTo("/_bulk"))
            .inScenario("faults")
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withStatus(503).withBody("{\"error\":\"unavailable\"}"))
            .willSetStateTo("reset"));
    wireMock.stubFor(
        post(urlPathEqualTo("/_bulk"))
            .inScenario("faults")
            .whenScenarioStateIs("reset")
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
            .willSetStateTo("slow"));
    // the node indexes this request, but the answer comes after the client gave up: the retry must
    // overwrite
    wireMock.stubFor(
        post(urlPathEqualTo("/_bulk"))
            .inScenario("faults")
            .whenScenarioStateIs("slow")
            .willReturn(aResponse().withTransformers(ScriptedCluster.NAME).withFixedDelay(4000))
            .willSetStateTo("ok"));

    ShipReport report =
        shipper("whole", 2000).ship(envelope(payload(events)), Duration.ofSeconds(30));

    assertThat(report.indexed()).isEqualTo(12);
    assertThat(assertEachIndexedOnceOrDeadLettered("whole", ids(events))).isEmpty();
    assertThat(scripted.forwarded().values())
        .as("the slow request reached the node, then its retry")
        .allSatisfy(times -> assertThat(times).isGreaterThanOrEqualTo(2));
    assertThat(
            wireMock.findAll(
                com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                    urlPathEqualTo("/_bulk"))))
        .hasSizeGreaterThanOrEqualTo(4);
  }

  @Test
  void a_413_splits_the_request_until_it_fits() {
    List<LogEvent> events = events("split", 10);
    scripted.maxItems(3);

    ShipReport report = shipper("split").ship(envelope(payload(events)), Duration.ofSeconds(30));

    assertThat(report.indexed()).isEqualTo(10);
    assertThat(assertEachIndexedOnceOrDeadLettered("split", ids(events))).isEmpty();
    assertThat(scripted.requestSizes()).containsExactly(10, 5, 2, 3, 5, 2, 3);
    assertThat(scripted.forwarded().values()).containsOnly(1);
  }

  @Test
  void a_document_too_large_even_alone_is_dead_lettered() {
    List<LogEvent> events = events("huge", 4);
    scripted.script(
        (id, attempt) ->
            id.equals("huge-2") ? ScriptedCluster.Fault.REQUEST_413 : ScriptedCluster.Fault.NONE);
    scripted.maxItems(Integer.MAX_VALUE);

    ShipReport report = shipper("huge").ship(envelope(payload(events)), Duration.ofSeconds(30));

    assertThat(report.deadLettered()).isEqualTo(1);
    assertThat(assertEachIndexedOnceOrDeadLettered("huge", ids(events))).containsExactly("huge-2");
    assertThat(cluster.source("huge-failed-*", "huge-2").get("error.type").asText())
        .isEqualTo("request_entity_too_large");
  }

  @Test
  void when_the_budget_runs_out_the_invocation_fails_and_a_rerun_completes_without_duplicates() {
    List<LogEvent> events = events("budget", 20);
    byte[] input = envelope(payload(events));
    Shipper shipper = shipper("budget");
    shipper.ship(
        envelope(payload(events("warm", 1))),
        Duration.ofSeconds(30)); // templates and the day's index exist
    scripted.script(
        (id, attempt) ->
            id.endsWith("0") || id.endsWith("5")
                ? ScriptedCluster.Fault.BUSY_429
                : ScriptedCluster.Fault.NONE);

    assertThatThrownBy(() -> shipper.ship(input, Duration.ofSeconds(3)))
        .isInstanceOf(BudgetExhaustedException.class)
        .hasMessageContaining("documents undelivered");
    cluster.count("budget-*");
    assertThat(hits("budget-2020.03.27", "budget-10")).as("the busy ones are not there").isZero();

    scripted.script(
        (id, attempt) ->
            ScriptedCluster.Fault.NONE); // the cluster recovers; Lambda retries the invocation
    ShipReport rerun = shipper.ship(input, Duration.ofSeconds(30));

    assertThat(rerun.indexed()).isEqualTo(20);
    assertThat(cluster.count("budget-2020.03.27")).as("20 events + the warm-up one").isEqualTo(21);
    assertThat(scripted.forwarded())
        .allSatisfy((id, times) -> assertThat(times).isLessThanOrEqualTo(2));
    assertThat(assertEachIndexedOnceOrDeadLettered("budget", ids(events))).isEmpty();
  }
}
