package dev.noops.logs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.noops.logs.CloudWatchData.envelope;
import static dev.noops.logs.CloudWatchData.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.noops.local.dynamodb.FreePort;
import dev.noops.metrics.MetricsFromLogs;
import dev.noops.testsupport.SilentServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/**
 * Publishing metrics has its own small budget: with CloudWatch behind an endpoint that accepts
 * connections and never answers (a VPC without a CloudWatch endpoint or NAT), or behind a closed
 * port, an invocation with 120 s left still ends in seconds, its documents indexed and the
 * unpublished datums counted. Bounds are generous for a loaded machine; the fault cost 119.5 s.
 */
class MetricsBudgetTest {
  private static final Duration BOUND = Duration.ofSeconds(20);
  private WireMockServer cluster;
  private CloudWatchClient cloudWatch;

  @BeforeEach
  void startCluster() {
    cluster = new WireMockServer(options().dynamicPort());
    cluster.start();
    String item = "{\"index\":{\"_id\":\"x\",\"status\":201}}";
    cluster.stubFor(
        post(urlPathEqualTo("/_bulk"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"errors\":false,\"items\":[" + item + "," + item + "]}")));
  }

  @AfterEach
  void stop() {
    if (cloudWatch != null) {
      cloudWatch.close();
    }
    cluster.stop();
  }

  private ShipperHandler handler(URI cloudWatchEndpoint) {
    cloudWatch =
        MetricsFromLogs.cloudWatchClientBuilder()
            .endpointOverride(cloudWatchEndpoint)
            .region(Region.EU_WEST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .build();
    MetricsListener metrics =
        new MetricsListener(MetricsFromLogs.builder().cloudWatch(cloudWatch).build());
    ShipperConfig config =
        ShipperConfig.builder()
            .endpoint(URI.create(cluster.baseUrl()))
            .installTemplates(false)
            .build();
    return new ShipperHandler(Shipper.create(config, metrics), metrics);
  }

  private static byte[] input(String prefix) {
    long now = System.currentTimeMillis();
    return envelope(
        payload(
            "/aws/lambda/orders",
            CloudWatchData.STREAM,
            List.of(
                new LogEvent(prefix + "1", now, "loaded order 4711\n"),
                new LogEvent(
                    prefix + "2", now, "MONITORING|" + now / 1000 + "|1|count|orders-served\n"))));
  }

  /** Runs one invocation with 120 s left; returns its output and how long it took. */
  private static Timed invoke(ShipperHandler handler, byte[] input) {
    long started = System.nanoTime();
    String output =
        assertTimeoutPreemptively(BOUND, () -> OpenSearchShippingTest.invoke(handler, input, 120));
    return new Timed(output, Duration.ofNanos(System.nanoTime() - started));
  }

  private record Timed(String output, Duration took) {}

  @Test
  void a_cloudwatch_that_never_answers_costs_at_most_the_publish_budget_then_nothing() {
    try (SilentServer silent = SilentServer.neverAnswering()) {
      ShipperHandler handler = handler(silent.uri());

      Timed first = invoke(handler, input("silent-a"));
      assertThat(first.output()).contains("\"indexed\":2").contains("\"metricsUnpublished\":1");
      assertThat(first.took()).isLessThan(MetricsListener.PUBLISH_BUDGET.plusSeconds(5));
      assertThat(silent.connections()).isEqualTo(1);

      Timed second = invoke(handler, input("silent-b"));
      assertThat(second.output()).contains("\"indexed\":2").contains("\"metricsUnpublished\":1");
      assertThat(silent.connections())
          .as("no new attempt while CloudWatch is known unreachable")
          .isEqualTo(1);
      cluster.verify(2, postRequestedFor(urlPathEqualTo("/_bulk")));
    }
  }

  @Test
  void a_closed_cloudwatch_port_costs_one_refused_connect_and_then_nothing() {
    ShipperHandler handler = handler(URI.create("http://127.0.0.1:" + FreePort.find()));

    Timed first =
        invoke(
            handler,
            input("closed-a")); // a cold JVM: its time is mostly class loading, bounded by BOUND
    Timed second = invoke(handler, input("closed-b"));

    assertThat(first.output()).contains("\"indexed\":2").contains("\"metricsUnpublished\":1");
    assertThat(second.output()).contains("\"indexed\":2").contains("\"metricsUnpublished\":1");
    assertThat(second.took())
        .as("publishing paused: no connect, no backoff")
        .isLessThan(Duration.ofSeconds(3));
  }
}
