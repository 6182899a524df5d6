package dev.noops.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.noops.testsupport.es7.Elasticsearch7Node;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same shipping on Elasticsearch 7.10: templates accepted, fixtures indexed once however often
 * they are shipped. The test node (codelibs' cluster runner) has only the OSS modules, so it has no
 * {@code flattened} type and the shipper's own choice there is {@code key_value}; {@code flattened}
 * is covered by {@code ClusterProbeTest} (scripted {@code GET /_xpack}) and, with Docker, by {@code
 * ClusterVersionsDockerIT} (Elasticsearch 8/9).
 */
class Elasticsearch7SmokeTest {
  private static Elasticsearch7Node node;
  private static Cluster cluster;

  @BeforeAll
  static void start() {
    node = Elasticsearch7Node.start();
    cluster = new Cluster(node.httpUri());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void the_oss_node_has_no_flattened_type_so_auto_chooses_key_value_and_values_stay_searchable() {
    assertThat(cluster.get("/_xpack").path("error").isMissingNode())
        .as("no x-pack: GET /_xpack has no handler")
        .isFalse();
    JsonNode refused =
        cluster.put(
            "/flattened-probe", "{\"mappings\":{\"properties\":{\"j\":{\"type\":\"flattened\"}}}}");
    assertThat(refused.path("error").path("reason").asText())
        .contains("No handler for type [flattened]");

    Shipper shipper =
        Shipper.create(
            OpenSearchShippingTest.config(node.httpUri(), "es7auto").build(),
            MetricLineListener.NONE);
    ShipReport report =
        shipper.ship(
            CloudWatchData.envelope(
                CloudWatchData.payload(
                    CloudWatchData.events(
                        "j", List.of("{\"message\":\"paid\",\"order\":{\"id\":\"x-1\"}}")))),
            java.time.Duration.ofSeconds(60));

    assertThat(report.indexed()).isEqualTo(1);
    assertThat(
            cluster
                .get("/_index_template/es7auto")
                .path("index_templates")
                .get(0)
                .path("index_template")
                .path("_meta")
                .path("json_mapping")
                .asText())
        .isEqualTo("key_value");
    assertThat(cluster.count("es7auto-*")).isEqualTo(1);
    JsonNode found =
        cluster.post("/es7auto-*/_search", "{\"query\":{\"term\":{\"json_kv\":\"order_id=x-1\"}}}");
    assertThat(found.path("hits").path("total").path("value").asInt()).isEqualTo(1);
  }

  @Test
  void ships_the_fixtures_to_elasticsearch_7_10_and_a_retry_adds_no_duplicates() {
    {
      ShipperHandler handler =
          new ShipperHandler(
              Shipper.create(
                  OpenSearchShippingTest.config(node.httpUri(), "es7").build(),
                  MetricLineListener.NONE));
      List<byte[]> invocations = OpenSearchShippingTest.fixtureInvocations();
      invocations.forEach(input -> OpenSearchShippingTest.invoke(handler, input, 60));
      invocations.forEach(input -> OpenSearchShippingTest.invoke(handler, input, 60));

      assertThat(cluster.count("es7-*")).isEqualTo(OpenSearchShippingTest.fixtureEventCount());
      assertThat(cluster.count("es7-failed-*")).isZero();
      assertThat(cluster.get("/_index_template/es7").path("index_templates").size()).isEqualTo(1);
      JsonNode mapping =
          cluster
              .get("/es7-2020.03.27/_mapping")
              .path("es7-2020.03.27")
              .path("mappings")
              .path("properties");
      assertThat(
              mapping
                  .path("aws")
                  .path("properties")
                  .path("lambda")
                  .path("properties")
                  .path("duration_ms")
                  .path("type")
                  .asText())
          .isEqualTo("double");
      JsonNode report =
          cluster.post("/es7-*/_search", "{\"query\":{\"term\":{\"event.action\":\"report\"}}}");
      assertThat(report.path("hits").path("total").path("value").asInt())
          .as("one REPORT per runtime sample but log4j2's")
          .isEqualTo(7);
    }
  }
}
