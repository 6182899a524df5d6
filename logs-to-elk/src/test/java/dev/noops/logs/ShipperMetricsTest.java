package dev.noops.logs;

import static dev.noops.logs.CloudWatchData.envelope;
import static dev.noops.logs.CloudWatchData.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.noops.metrics.MetricsFromLogs;
import dev.noops.testsupport.AwsWireMock;
import dev.noops.testsupport.AwsWireMock.Reply;
import dev.noops.testsupport.OpenSearchNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/**
 * The shipper publishes the MONITORING lines it indexed, once, and only after their delivery
 * succeeded.
 */
class ShipperMetricsTest {
  private static final String GROUP = "/aws/lambda/orders-api";
  private static OpenSearchNode node;
  private static AwsWireMock aws;
  private static CloudWatchClient cloudWatch;

  @BeforeAll
  static void start() {
    node = OpenSearchNode.start();
    aws = AwsWireMock.start();
    aws.stubCbor(AwsWireMock.CLOUDWATCH, "PutMetricData", Reply.ok());
    cloudWatch =
        CloudWatchClient.builder()
            .endpointOverride(aws.endpoint())
            .region(Region.EU_WEST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
  }

  @AfterAll
  static void stop() {
    cloudWatch.close();
    aws.close();
    node.close();
  }

  private static MetricsListener listener() {
    // a budget for a loaded test machine (the first call loads the SDK); MetricsBudgetTest holds
    // the default one
    return new MetricsListener(
        MetricsFromLogs.builder().namespace("noops-test").cloudWatch(cloudWatch).build(),
        Duration.ofSeconds(20));
  }

  private static byte[] invocation(String prefix) {
    long now = System.currentTimeMillis();
    long epoch = now / 1000;
    List<LogEvent> events =
        List.of(
            new LogEvent(
                prefix + "1",
                now,
                "2026-11-25T10:00:00.012Z\tc0ffee00-0000-4000-8000-000000000001\tINFO\tloaded order"
                    + " 4711\n"),
            new LogEvent(
                prefix + "2",
                now,
                "MONITORING|" + epoch + "|1|count|orders-served|#route:get-order\n"),
            new LogEvent(
                prefix + "3",
                now,
                "2026-11-25T10:00:00.020Z\tc0ffee00-0000-4000-8000-000000000001\tINFO\tMONITORING|"
                    + epoch
                    + "|2|count|orders-served|#route:get-order\n"));
    return envelope(payload(GROUP, CloudWatchData.STREAM, events));
  }

  private static ShipperHandler handler(URI endpoint, String prefix, MetricsListener metrics) {
    ShipperConfig config = OpenSearchShippingTest.config(endpoint, prefix).build();
    return new ShipperHandler(Shipper.create(config, metrics), metrics);
  }

  @Test
  void indexes_the_lines_then_publishes_their_metrics_once_aggregated() {
    aws.server().resetRequests();
    OpenSearchShippingTest.invoke(
        handler(node.httpUri(), "metrics-ok", listener()), invocation("ok-"), 30);

    List<JsonNode> requests = aws.cborRequests(AwsWireMock.CLOUDWATCH, "PutMetricData");
    assertThat(requests).hasSize(1);
    JsonNode datum = requests.get(0).get("MetricData").get(0);
    assertThat(requests.get(0).get("Namespace").asText()).isEqualTo("noops-test");
    assertThat(datum.get("MetricName").asText()).isEqualTo("orders-served");
    assertThat(datum.get("Value").asDouble()).as("1 + 2 in the same minute").isEqualTo(3.0);
    assertThat(datum.get("Dimensions").toString())
        .contains("FunctionName")
        .contains("orders-api")
        .contains("route");
  }

  @Test
  void a_failed_delivery_publishes_nothing_and_its_retry_publishes_once() {
    aws.server().resetRequests();
    MetricsListener metrics = listener();
    URI unreachable = URI.create("http://127.0.0.1:" + dev.noops.local.dynamodb.FreePort.find());

    assertThatThrownBy(
            () ->
                OpenSearchShippingTest.invoke(
                    handler(unreachable, "metrics-retry", metrics), invocation("retry-"), 2))
        .isInstanceOf(ShipperException.class);
    assertThat(aws.cborRequests(AwsWireMock.CLOUDWATCH, "PutMetricData"))
        .as("nothing published for a failed delivery")
        .isEmpty();

    OpenSearchShippingTest.invoke(
        handler(node.httpUri(), "metrics-retry", metrics), invocation("retry-"), 30);
    List<JsonNode> requests = aws.cborRequests(AwsWireMock.CLOUDWATCH, "PutMetricData");
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).get("MetricData").get(0).get("Value").asDouble())
        .as("counted once, not twice")
        .isEqualTo(3.0);
  }
}
