package dev.noops.logs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.noops.logs.CloudWatchData.envelope;
import static dev.noops.logs.CloudWatchData.payload;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The JSON mapping is chosen from the cluster's own answer, once, and a cluster that does not
 * answer never loses a document.
 */
class ClusterProbeTest {
  private static final String OK_ONE_ITEM =
      "{\"took\":1,\"errors\":false,\"items\":[{\"index\":{\"_id\":\"p-0\",\"status\":201}}]}";
  private static final String JSON_LINE = "{\"message\":\"paid\",\"order_total\":12.5}";
  private WireMockServer wireMock;

  @BeforeEach
  void start() {
    wireMock = new WireMockServer(options().dynamicPort());
    wireMock.start();
    wireMock.stubFor(
        any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{\"acknowledged\":true}")));
    wireMock.stubFor(
        post(urlPathEqualTo("/_bulk"))
            .willReturn(aResponse().withStatus(200).withBody(OK_ONE_ITEM)));
  }

  @AfterEach
  void stop() {
    wireMock.stop();
  }

  @ParameterizedTest
  @CsvSource({
    "opensearch, 3.8.0, false, FLAT_OBJECT",
    "opensearch, 2.19.1, false, FLAT_OBJECT",
    "opensearch, 2.7.0, false, FLAT_OBJECT",
    "opensearch, 2.6.0, false, KEY_VALUE",
    "opensearch, 1.3.13, false, KEY_VALUE",
    "elasticsearch, 7.10.2, true, FLATTENED",
    "elasticsearch, 7.10.2, false, KEY_VALUE",
    "elasticsearch, 7.2.1, true, KEY_VALUE",
    "elasticsearch, 8.17.0, true, FLATTENED",
    "elasticsearch, 6.8.23, false, KEY_VALUE",
    "elasticsearch, garbage, true, KEY_VALUE",
    "solr, 9.0.0, true, KEY_VALUE"
  })
  void chooses_by_distribution_version_and_the_flattened_type(
      String distribution, String version, boolean flattened, JsonMapping expected) {
    assertThat(ClusterProbe.choose(distribution, version, flattened)).isEqualTo(expected);
  }

  @Test
  void opensearch_2_19_gets_a_flat_object_template_and_documents_without_pairs() {
    root(200, "{\"version\":{\"distribution\":\"opensearch\",\"number\":\"2.19.1\"}}");
    String bulk = shipTwice(config().build());

    assertThat(template())
        .contains("\"json\":{\"type\":\"flat_object\"}")
        .contains("\"json_mapping\":\"flat_object\"");
    assertThat(bulk)
        .contains("\"json\":{\"order_total\":12.5}")
        .contains("\"json_num\":[{\"key\":\"order_total\",\"value\":12.5}]")
        .doesNotContain("json_kv");
    wireMock.verify(1, getRequestedFor(urlEqualTo("/")));
  }

  @Test
  void elasticsearch_7_with_xpack_gets_flattened_and_without_it_key_value() {
    root(200, "{\"version\":{\"number\":\"7.10.2\",\"build_flavor\":\"default\"}}");
    wireMock.stubFor(
        get(urlPathEqualTo("/_xpack"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(
                        "{\"features\":{\"flattened\":{\"available\":true,\"enabled\":true}}}")));
    shipTwice(config().build());
    assertThat(template()).contains("\"type\":\"flattened\"");

    wireMock.resetRequests();
    wireMock.stubFor(
        get(urlPathEqualTo("/_xpack"))
            .willReturn(aResponse().withStatus(400).withBody("{\"error\":\"no handler\"}")));
    String bulk = shipTwice(config().build());
    assertThat(template())
        .contains("\"json\":{\"type\":\"object\",\"enabled\":false}")
        .contains("json_kv");
    assertThat(bulk).contains("\"json_kv\":[\"order_total=12.5\"]");
  }

  @Test
  void a_cluster_that_refuses_or_garbles_get_root_gets_key_value_at_once() {
    root(403, "{\"error\":\"no permission for cluster:monitor/main\"}");
    assertThat(shipTwice(config().build())).contains("json_kv");
    assertThat(template()).contains("json_kv");
    wireMock.verify(1, getRequestedFor(urlEqualTo("/")));

    wireMock.resetRequests();
    root(200, "<html>a proxy's page</html>");
    shipTwice(config().build());
    assertThat(template()).contains("json_kv");
    wireMock.verify(1, getRequestedFor(urlEqualTo("/")));
  }

  @Test
  void a_cluster_that_does_not_answer_is_asked_again_and_documents_are_delivered_meanwhile() {
    wireMock.stubFor(
        get(urlEqualTo("/"))
            .inScenario("root")
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withStatus(503))
            .willSetStateTo("reset"));
    wireMock.stubFor(
        get(urlEqualTo("/"))
            .inScenario("root")
            .whenScenarioStateIs("reset")
            .willReturn(aResponse().withStatus(429))
            .willSetStateTo("up"));
    wireMock.stubFor(
        get(urlEqualTo("/"))
            .inScenario("root")
            .whenScenarioStateIs("up")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(
                        "{\"version\":{\"distribution\":\"opensearch\",\"number\":\"3.8.0\"}}")));
    Shipper shipper = Shipper.create(config().build(), MetricLineListener.NONE);

    assertThat(ship(shipper).indexed()).isEqualTo(1);
    assertThat(ship(shipper).indexed()).isEqualTo(1);
    assertThat(wireMock.findAll(putRequestedFor(urlPathEqualTo("/_index_template/probe"))))
        .as("no template before an answer")
        .isEmpty();
    assertThat(wireMock.findAll(postRequestedFor(urlPathEqualTo("/_bulk"))))
        .allSatisfy(
            bulk ->
                assertThat(bulk.getBodyAsString()).contains("\"json_kv\":[\"order_total=12.5\"]"));
    wireMock.resetRequests();
    ship(shipper);
    ship(shipper);
    assertThat(template()).contains("flat_object");
    assertThat(wireMock.findAll(getRequestedFor(urlEqualTo("/")))).hasSize(1);
    assertThat(
            wireMock.findAll(postRequestedFor(urlPathEqualTo("/_bulk"))).get(1).getBodyAsString())
        .doesNotContain("json_kv");
  }

  @Test
  void a_configured_mapping_asks_nothing() {
    String bulk = shipTwice(config().jsonMapping("flattened").build());
    wireMock.verify(0, getRequestedFor(urlEqualTo("/")));
    assertThat(template()).contains("flattened");
    assertThat(bulk).doesNotContain("json_kv");
  }

  private ShipperConfig.Builder config() {
    return OpenSearchShippingTest.config(URI.create(wireMock.baseUrl()), "probe");
  }

  private void root(int status, String body) {
    wireMock.stubFor(
        get(urlEqualTo("/")).willReturn(aResponse().withStatus(status).withBody(body)));
  }

  private static ShipReport ship(Shipper shipper) {
    return shipper.ship(
        envelope(payload(CloudWatchData.events("p", List.of(JSON_LINE)))), Duration.ofSeconds(10));
  }

  /** Ships twice with one shipper; returns the last {@code _bulk} body. */
  private String shipTwice(ShipperConfig config) {
    Shipper shipper = Shipper.create(config, MetricLineListener.NONE);
    ship(shipper);
    ship(shipper);
    List<String> bodies =
        wireMock.findAll(postRequestedFor(urlPathEqualTo("/_bulk"))).stream()
            .map(r -> r.getBodyAsString())
            .toList();
    assertThat(bodies).hasSize(2);
    return bodies.get(1);
  }

  private String template() {
    var puts = wireMock.findAll(putRequestedFor(urlPathEqualTo("/_index_template/probe")));
    assertThat(puts).as("the log template is put once").hasSize(1);
    return puts.get(0).getBodyAsString();
  }
}
