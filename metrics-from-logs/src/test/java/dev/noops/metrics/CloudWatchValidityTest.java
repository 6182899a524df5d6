package dev.noops.metrics;

import static dev.noops.testsupport.AwsWireMock.CLOUDWATCH;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.noops.testsupport.AwsWireMock;
import dev.noops.testsupport.AwsWireMock.Reply;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/**
 * One bad line never costs the request its neighbours travel in: 1,000 good lines and one line
 * CloudWatch would reject go out as exactly one PutMetricData of 1,000 datums (CBOR on the wire),
 * every one of them within CloudWatch's rules, and the bad line is counted.
 */
class CloudWatchValidityTest {
  static final Instant NOW = Instant.parse("2026-11-25T10:00:30Z");
  static final String GROUP = "/aws/lambda/orders";
  private static AwsWireMock aws;
  private CloudWatchClient client;

  @BeforeAll
  static void start() {
    aws = AwsWireMock.start();
  }

  @AfterAll
  static void stop() {
    aws.close();
  }

  @BeforeEach
  void reset() {
    aws.reset();
    aws.stubCbor(CLOUDWATCH, "PutMetricData", Reply.ok());
    client =
        CloudWatchClient.builder()
            .endpointOverride(aws.endpoint())
            .region(Region.EU_WEST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
            .build();
  }

  @AfterEach
  void closeClient() {
    client.close();
  }

  static Stream<String> badLines() {
    long epoch = NOW.getEpochSecond();
    return Stream.of(
        "MONITORING|" + epoch + "|1e200|gauge|huge",
        "MONITORING|" + epoch + "|-9e108|gauge|huge-negative",
        "MONITORING|" + epoch + "|1e-300|gauge|tiny",
        "MONITORING|" + epoch + "|1|count|訂單",
        "MONITORING|" + epoch + "|1|count|orders|#region:東京",
        "MONITORING|" + epoch + "|1|count|orders|#地域:tokyo",
        "MONITORING|" + epoch + "|1|count|orders|#emoji:\uD83D\uDE00");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badLines")
  void one_bad_line_never_costs_the_request_of_1000_good_datums(String bad) {
    MetricsInvocation invocation =
        MetricsFromLogs.builder()
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .cloudWatch(client)
            .build()
            .newInvocation();
    for (int i = 0; i < 500; i++) {
      invocation.accept(
          GROUP, "MONITORING|" + NOW.getEpochSecond() + "|" + (i + 1) + "|count|good-" + i, NOW);
    }
    invocation.accept(GROUP, bad, NOW);
    for (int i = 500; i < 1000; i++) {
      invocation.accept(
          GROUP, "MONITORING|" + NOW.getEpochSecond() + "|" + (i + 1) + "|count|good-" + i, NOW);
    }

    PublishReport report = invocation.publish();

    List<JsonNode> requests = aws.cborRequests(CLOUDWATCH, "PutMetricData");
    List<JsonNode> good =
        data(requests, "noops").stream()
            .filter(d -> d.get("MetricName").asText().startsWith("good-"))
            .toList();
    assertThat(good).hasSize(1000);
    assertThat(requests.get(0).get("MetricData")).hasSize(1000);
    assertThat(report.publishedDatums())
        .isEqualTo(report.lines() + 1); // + the per-function counter of the bad line
    assertThat(report.malformed() + report.rejected()).isEqualTo(1);
    assertThat(report.clean()).isFalse();
    assertThat(data(requests, null)).allSatisfy(CloudWatchValidityTest::assertAcceptable);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badLines")
  void the_cli_dry_run_destination_applies_the_same_rules(String bad) {
    List<String> printed = new ArrayList<>();
    MetricsInvocation invocation =
        MetricsFromLogs.builder()
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .printRequests(printed::add)
            .build()
            .newInvocation();
    invocation.accept(GROUP, bad, NOW);
    invocation.accept(GROUP, "MONITORING|" + NOW.getEpochSecond() + "|1|count|good", NOW);

    PublishReport report = invocation.publish();

    assertThat(report.lines()).isEqualTo(1);
    assertThat(printed)
        .singleElement()
        .asString()
        .contains("\"MetricName\":\"good\"")
        .doesNotContain(bad.substring(30));
  }

  @org.junit.jupiter.api.Test
  void a_sum_beyond_2_360_is_left_out_and_counted_while_the_rest_goes() {
    MetricsInvocation invocation =
        MetricsFromLogs.builder()
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .cloudWatch(client)
            .build()
            .newInvocation();
    for (int i = 0; i < 20; i++) {
      invocation.accept(
          GROUP, "MONITORING|" + NOW.getEpochSecond() + "|2e108|count|overflowing", NOW);
    }
    invocation.accept(GROUP, "MONITORING|" + NOW.getEpochSecond() + "|1e108|count|cancels", NOW);
    invocation.accept(GROUP, "MONITORING|" + NOW.getEpochSecond() + "|-1e108|count|cancels", NOW);
    invocation.accept(GROUP, "MONITORING|" + NOW.getEpochSecond() + "|1|count|fine", NOW);

    PublishReport report = invocation.publish();

    List<JsonNode> data = data(aws.cborRequests(CLOUDWATCH, "PutMetricData"), "noops");
    assertThat(data)
        .extracting(d -> d.get("MetricName").asText())
        .containsExactly("cancels", "fine");
    assertThat(report.rejected()).isEqualTo(1);
    assertThat(data).allSatisfy(CloudWatchValidityTest::assertAcceptable);
  }

  @org.junit.jupiter.api.Test
  void a_gauge_with_many_distinct_values_travels_as_four_statistic_values() {
    MetricsInvocation invocation =
        MetricsFromLogs.builder()
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .cloudWatch(client)
            .build()
            .newInvocation();
    for (int i = 1; i <= 200; i++) {
      invocation.accept(
          GROUP, "MONITORING|" + NOW.getEpochSecond() + "|" + i + "|gauge|queue-depth", NOW);
      invocation.accept(
          GROUP, "MONITORING|" + NOW.getEpochSecond() + "|" + i + "|latency|call", NOW);
    }

    invocation.publish();

    List<JsonNode> data = data(aws.cborRequests(CLOUDWATCH, "PutMetricData"), "noops");
    JsonNode gauge =
        data.stream()
            .filter(d -> d.get("MetricName").asText().equals("queue-depth"))
            .findFirst()
            .orElseThrow();
    assertThat(gauge.has("Values")).isFalse();
    assertThat(gauge.get("StatisticValues").toString())
        .isEqualTo("{\"SampleCount\":200,\"Sum\":20100,\"Minimum\":1,\"Maximum\":200}");
    assertThat(data.stream().filter(d -> d.get("MetricName").asText().equals("call")))
        .as("a latency keeps its distribution, for percentiles")
        .hasSize(2)
        .allSatisfy(d -> assertThat(d.get("Values").size()).isLessThanOrEqualTo(150));
  }

  private static List<JsonNode> data(List<JsonNode> requests, String namespace) {
    List<JsonNode> data = new ArrayList<>();
    for (JsonNode request : requests) {
      if (namespace == null || request.get("Namespace").asText().equals(namespace)) {
        request.get("MetricData").forEach(data::add);
      }
    }
    return data;
  }

  /** CloudWatch's documented rules for a datum (API reference: MetricDatum, Dimension). */
  static void assertAcceptable(JsonNode datum) {
    assertThat(datum.get("MetricName").asText()).matches("[\\x20-\\x7e]{1,255}");
    for (JsonNode dimension : datum.path("Dimensions")) {
      assertThat(dimension.get("Name").asText())
          .matches("[\\x20-\\x7e]{1,255}")
          .doesNotStartWith(":")
          .isNotBlank();
      assertThat(dimension.get("Value").asText()).matches("[\\x20-\\x7e]{1,1024}").isNotBlank();
    }
    List<Double> numbers = new ArrayList<>();
    if (datum.has("Value")) {
      numbers.add(datum.get("Value").asDouble());
    }
    datum.path("Values").forEach(v -> numbers.add(v.asDouble()));
    assertThat(numbers)
        .isNotEmpty()
        .allSatisfy(
            v -> {
              assertThat(Double.isFinite(v)).isTrue();
              assertThat(Math.abs(v)).isLessThanOrEqualTo(Math.scalb(1.0, 360));
              assertThat(v == 0 || Math.abs(v) >= Math.scalb(1.0, -360)).isTrue();
            });
  }
}
