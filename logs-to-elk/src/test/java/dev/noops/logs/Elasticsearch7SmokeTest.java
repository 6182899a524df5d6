package dev.noops.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.noops.testsupport.es7.Elasticsearch7Node;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The same shipping on Elasticsearch 7.10: templates accepted, fixtures indexed once however often
 * they are shipped.
 */
class Elasticsearch7SmokeTest {

  @Test
  void ships_the_fixtures_to_elasticsearch_7_10_and_a_retry_adds_no_duplicates() {
    try (Elasticsearch7Node node = Elasticsearch7Node.start()) {
      Cluster cluster = new Cluster(node.httpUri());
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
