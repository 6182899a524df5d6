package dev.noops.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.noops.testsupport.DockerTest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The same shipping against the cluster versions test-support cannot run in-process: Elasticsearch
 * 8 and 9, OpenSearch 1 and 2 (security off, single node). Needs Docker: skipped without it, run on
 * GitHub Actions.
 */
@DockerTest
class ClusterVersionsDockerIT {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "docker.elastic.co/elasticsearch/elasticsearch:8.17.0",
        "docker.elastic.co/elasticsearch/elasticsearch:9.0.0",
        "opensearchproject/opensearch:1.3.20",
        "opensearchproject/opensearch:2.19.0"
      })
  void ships_the_fixtures_once_however_often_they_are_shipped(String image) {
    Map<String, String> env =
        image.contains("opensearch")
            ? Map.of(
                "discovery.type",
                "single-node",
                "DISABLE_SECURITY_PLUGIN",
                "true",
                "DISABLE_INSTALL_DEMO_CONFIG",
                "true",
                "OPENSEARCH_JAVA_OPTS",
                "-Xms512m -Xmx512m")
            : Map.of(
                "discovery.type",
                "single-node",
                "xpack.security.enabled",
                "false",
                "ES_JAVA_OPTS",
                "-Xms512m -Xmx512m");
    try (GenericContainer<?> cluster =
        new GenericContainer<>(image)
            .withEnv(env)
            .withExposedPorts(9200)
            .waitingFor(
                Wait.forHttp("/_cluster/health")
                    .forStatusCode(200)
                    .withStartupTimeout(Duration.ofMinutes(3)))) {
      cluster.start();
      URI uri = URI.create("http://" + cluster.getHost() + ":" + cluster.getMappedPort(9200));
      ShipperHandler handler =
          new ShipperHandler(
              Shipper.create(
                  OpenSearchShippingTest.config(uri, "versions").build(), MetricLineListener.NONE));
      List<byte[]> invocations = OpenSearchShippingTest.fixtureInvocations();
      invocations.forEach(input -> OpenSearchShippingTest.invoke(handler, input, 60));
      invocations.forEach(input -> OpenSearchShippingTest.invoke(handler, input, 60));

      Cluster client = new Cluster(uri);
      assertThat(client.count("versions-*"))
          .as(image)
          .isEqualTo(OpenSearchShippingTest.fixtureEventCount());
      assertThat(client.count("versions-failed-*")).as(image).isZero();
      String expected =
          image.contains("elasticsearch")
              ? "flattened"
              : image.contains(":1.") ? "key_value" : "flat_object";
      assertThat(
              client
                  .get("/_index_template/versions")
                  .path("index_templates")
                  .get(0)
                  .path("index_template")
                  .path("_meta")
                  .path("json_mapping")
                  .asText())
          .as(image)
          .isEqualTo(expected);
    }
  }
}
