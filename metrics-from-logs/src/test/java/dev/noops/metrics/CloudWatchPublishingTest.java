package dev.noops.metrics;

import static dev.noops.testsupport.AwsWireMock.CLOUDWATCH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.noops.testsupport.AwsWireMock;
import dev.noops.testsupport.AwsWireMock.Reply;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

class CloudWatchPublishingTest {
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

  private MetricsFromLogs.Builder metrics() {
    return MetricsFromLogs.builder()
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .publisher(
            CloudWatchPublisher.builder()
                .client(client)
                .backoff(Duration.ofMillis(1), Duration.ofMillis(5))
                .build());
  }

  private static String line(long secondsAfterNow, String rest) {
    return "MONITORING|" + (NOW.getEpochSecond() + secondsAfterNow) + "|" + rest;
  }

  private static List<JsonNode> sentData() {
    List<JsonNode> data = new ArrayList<>();
    aws.cborRequests(CLOUDWATCH, "PutMetricData")
        .forEach(request -> request.get("MetricData").forEach(data::add));
    return data;
  }

  private static JsonNode datum(String name) {
    return sentData().stream()
        .filter(d -> d.get("MetricName").asText().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static double sum(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).mapToDouble(JsonNode::asDouble).sum();
  }

  @Test
  void sums_counts_per_minute_and_dimension_set() {
    MetricsInvocation invocation = metrics().build().newInvocation();
    invocation.accept(GROUP, line(-20, "8|count|yubls-served|#country:uk"), NOW);
    invocation.accept(
        GROUP,
        "2026-11-25T10:00:20.000Z\treq\tINFO\t" + line(-10, "2|count|yubls-served|#country:uk"),
        NOW);
    invocation.accept(GROUP, line(-10, "5|count|yubls-served|#country:fr"), NOW);
    invocation.accept(GROUP, line(-40, "1|count|yubls-served|#country:uk"), NOW);

    MetricsInvocation.Published published = invocation.publishWithResult();
    PublishReport report = published.report();

    assertThat(report.clean()).isTrue();
    assertThat(report.lines()).isEqualTo(4);
    List<JsonNode> requests = aws.cborRequests(CLOUDWATCH, "PutMetricData");
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).get("Namespace").asText()).isEqualTo("noops");
    List<JsonNode> data = sentData();
    assertThat(data).hasSize(3);
    JsonNode uk = data.get(0);
    assertThat(uk.get("MetricName").asText()).isEqualTo("yubls-served");
    assertThat(uk.get("Value").asDouble()).isEqualTo(10);
    assertThat(uk.get("Unit").asText()).isEqualTo("Count");
    assertThat(uk.get("StorageResolution").asInt()).isEqualTo(60);
    assertThat(uk.get("Timestamp").asLong())
        .isEqualTo(Instant.parse("2026-11-25T10:00:00Z").getEpochSecond());
    assertThat(uk.get("Dimensions").toString())
        .isEqualTo(
            "[{\"Name\":\"FunctionName\",\"Value\":\"orders\"},{\"Name\":\"country\",\"Value\":\"uk\"}]");
    assertThat(data.get(1).get("Value").asDouble()).isEqualTo(5);
    assertThat(data.get(2).get("Value").asDouble()).as("the previous minute").isEqualTo(1);
    assertThat(data.get(2).get("Timestamp").asLong())
        .isEqualTo(Instant.parse("2026-11-25T09:59:00Z").getEpochSecond());
  }

  @Test
  void keeps_a_distribution_as_values_and_counts_of_at_most_150_distinct_values() {
    MetricsInvocation invocation = metrics().build().newInvocation();
    for (int i = 0; i < 400; i++) {
      invocation.accept(GROUP, line(-5, (i % 200) + ".5|latency|user-api-latency"), NOW);
    }
    invocation.publish();

    List<JsonNode> data = sentData();
    assertThat(data).hasSize(2);
    assertThat(data)
        .allSatisfy(
            d -> {
              assertThat(d.get("Unit").asText()).isEqualTo("Milliseconds");
              assertThat(d.get("Values").size())
                  .isLessThanOrEqualTo(150)
                  .isEqualTo(d.get("Counts").size());
              assertThat(d.has("Value")).isFalse();
            });
    assertThat(data.get(0).get("Values").size() + data.get(1).get("Values").size()).isEqualTo(200);
    assertThat(sum(data.get(0).get("Counts")) + sum(data.get(1).get("Counts"))).isEqualTo(400);
    double total = 0;
    for (JsonNode d : data) {
      for (int i = 0; i < d.get("Values").size(); i++) {
        total += d.get("Values").get(i).asDouble() * d.get("Counts").get(i).asDouble();
      }
    }
    assertThat(total).isEqualTo(2 * (199 * 200 / 2.0 + 200 * 0.5));
  }

  @Test
  void splits_requests_at_1000_datums_without_losing_or_repeating_one() {
    MetricsInvocation invocation = metrics().build().newInvocation();
    for (int i = 0; i < 2500; i++) {
      invocation.accept(GROUP, line(0, "1|count|metric-" + i), NOW);
    }
    MetricsInvocation.Published published = invocation.publishWithResult();

    assertThat(aws.cborRequests(CLOUDWATCH, "PutMetricData"))
        .extracting(r -> r.get("MetricData").size())
        .containsExactly(1000, 1000, 500);
    assertThat(published.result().publishedDatums()).isEqualTo(2500);
    Set<String> names = new HashSet<>();
    sentData().forEach(d -> names.add(d.get("MetricName").asText()));
    assertThat(names).hasSize(2500);
  }

  @Test
  void splits_requests_so_that_no_body_reaches_1_mb() {
    MetricsInvocation invocation = metrics().build().newInvocation();
    java.util.Map<String, String> tags = new java.util.LinkedHashMap<>();
    for (int i = 0; i < 29; i++) {
      tags.put("tag" + i, "v".repeat(1000));
    }
    int lines = 0;
    for (int metric = 0; metric < 40; metric++) {
      for (int value = 0; value < 150; value++) {
        invocation.add(
            GROUP,
            new MonitoringLine(NOW, value + 0.25, "distribution", "wide-metric-" + metric, tags));
        lines++;
      }
    }
    MetricsInvocation.Published published = invocation.publishWithResult();

    List<ServeEvent> served = aws.server().getAllServeEvents();
    assertThat(served.size()).isGreaterThan(1);
    assertThat(served)
        .allSatisfy(event -> assertThat(event.getRequest().getBody().length).isLessThan(1_000_000));
    assertThat(published.result().publishedDatums()).isEqualTo(40);
    assertThat(sentData().stream().mapToDouble(d -> sum(d.get("Counts"))).sum()).isEqualTo(lines);
  }

  @Test
  void retries_throttling_and_publishes_each_datum_once() {
    aws.stubCbor(
        CLOUDWATCH,
        "PutMetricData",
        Reply.error(400, "Throttling", "Rate exceeded"),
        Reply.error(400, "Throttling", "Rate exceeded"),
        Reply.ok());
    MetricsInvocation invocation = metrics().build().newInvocation();
    invocation.accept(GROUP, line(0, "3|count|throttled"), NOW);

    MetricsInvocation.Published published = invocation.publishWithResult();

    assertThat(published.result().complete()).isTrue();
    List<JsonNode> requests = aws.cborRequests(CLOUDWATCH, "PutMetricData");
    assertThat(requests).hasSize(3);
    assertThat(requests).allSatisfy(r -> assertThat(r).isEqualTo(requests.get(0)));
    assertThat(published.result().publishedDatums()).isEqualTo(1);
  }

  @Test
  void retries_429_5xx_and_connection_resets() {
    aws.stubCbor(
        CLOUDWATCH,
        "PutMetricData",
        Reply.error(503, "ServiceUnavailable", "down"),
        Reply.connectionReset(),
        Reply.error(429, "TooManyRequestsException", "slow down"),
        Reply.ok());
    MetricsInvocation invocation = metrics().build().newInvocation();
    invocation.accept(GROUP, line(0, "3|count|flaky"), NOW);

    assertThat(invocation.publish().clean()).isTrue();
    assertThat(aws.cborRequests(CLOUDWATCH, "PutMetricData")).hasSize(4);
  }

  @Test
  void reports_a_batch_still_throttled_after_the_last_attempt_as_unsent() {
    aws.stubCbor(CLOUDWATCH, "PutMetricData", Reply.error(400, "Throttling", "Rate exceeded"));
    MetricsFromLogs metrics =
        MetricsFromLogs.builder()
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .publisher(
                CloudWatchPublisher.builder()
                    .client(client)
                    .maxAttempts(3)
                    .backoff(Duration.ofMillis(1), Duration.ofMillis(2))
                    .build())
            .build();
    MetricsInvocation invocation = metrics.newInvocation();
    invocation.accept(GROUP, line(0, "3|count|throttled"), NOW);

    MetricsInvocation.Published published = invocation.publishWithResult();
    PublishReport report = published.report();

    assertThat(published.result().unsent()).hasSize(1);
    assertThat(published.result().failedDatums()).isEqualTo(1);
    assertThat(report.clean()).isFalse();
    assertThat(aws.cborRequests(CLOUDWATCH, "PutMetricData")).hasSize(3);
  }

  @Test
  void rejects_an_invalid_batch_without_retrying_and_still_sends_the_others() {
    aws.stubCbor(
        CLOUDWATCH,
        "PutMetricData",
        Reply.error(400, "InvalidParameterValue", "bad datum"),
        Reply.ok());
    MetricsInvocation invocation = metrics().build().newInvocation();
    for (int i = 0; i < 1001; i++) {
      invocation.accept(GROUP, line(0, "1|count|m" + i), NOW);
    }
    MetricsInvocation.Published published = invocation.publishWithResult();

    assertThat(published.result().rejected()).hasSize(1);
    assertThat(published.result().published()).hasSize(1);
    assertThat(aws.cborRequests(CLOUDWATCH, "PutMetricData")).hasSize(2);
  }

  @Test
  void gives_up_at_the_deadline_instead_of_waiting_for_a_slow_answer() {
    aws.stubCbor(CLOUDWATCH, "PutMetricData", Reply.ok().delayedBy(5_000));
    MetricsInvocation invocation = metrics().build().newInvocation();
    invocation.accept(GROUP, line(0, "1|count|slow"), NOW);

    long started = System.nanoTime();
    MetricsInvocation.Published published =
        invocation.publishWithResult(Instant.now().plusMillis(300));

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    assertThat(published.result().unsent()).hasSize(1);
  }

  @Test
  void drops_and_counts_lines_outside_the_timestamp_window() {
    MetricsInvocation invocation = metrics().build().newInvocation();
    invocation.accept(GROUP, line(-Duration.ofDays(15).toSeconds(), "1|count|old"), NOW);
    invocation.accept(GROUP, line(Duration.ofHours(3).toSeconds(), "1|count|future"), NOW);
    invocation.accept(GROUP, line(-Duration.ofDays(13).toSeconds(), "1|count|recent"), NOW);

    MetricsInvocation.Published published = invocation.publishWithResult();
    PublishReport report = published.report();

    assertThat(report.outOfWindow()).isEqualTo(2);
    assertThat(sentData())
        .extracting(d -> d.get("MetricName").asText())
        .containsExactlyInAnyOrder("recent", MetricsInvocation.OUT_OF_WINDOW_METRIC);
    assertThat(datum(MetricsInvocation.OUT_OF_WINDOW_METRIC).get("Value").asDouble()).isEqualTo(2);
  }

  @Test
  void counts_malformed_lines_as_a_metric_and_never_throws() {
    MetricsInvocation invocation = metrics().build().newInvocation();
    invocation.accept(GROUP, line(0, "NaN|count|bad"), NOW);
    invocation.accept(GROUP, line(0, "1|bogus|bad"), NOW);
    invocation.accept("/aws/lambda/other", "MONITORING|", NOW);
    invocation.accept(GROUP, line(0, "1|count|good"), NOW);

    MetricsInvocation.Published published = invocation.publishWithResult();
    PublishReport report = published.report();

    assertThat(report.malformed()).isEqualTo(3);
    assertThat(report.lines()).isEqualTo(1);
    List<JsonNode> counters =
        sentData().stream()
            .filter(d -> d.get("MetricName").asText().equals(MetricsInvocation.MALFORMED_METRIC))
            .toList();
    assertThat(counters)
        .extracting(
            d -> d.get("Dimensions").get(0).get("Value").asText() + "=" + d.get("Value").asInt())
        .containsExactly("orders=2", "other=1");
  }

  @Test
  void keeps_at_most_30_dimensions_and_drops_extra_tags() {
    MetricsInvocation invocation = metrics().build().newInvocation();
    String tags =
        String.join(
            ",",
            java.util.stream.IntStream.range(0, 35).mapToObj(i -> "t" + (100 + i) + ":x").toList());
    invocation.accept(GROUP, line(0, "1|count|wide|#" + tags + ",FunctionName:spoofed"), NOW);

    MetricsInvocation.Published published = invocation.publishWithResult();
    PublishReport report = published.report();

    JsonNode dimensions = datum("wide").get("Dimensions");
    assertThat(dimensions.size()).isEqualTo(30);
    assertThat(dimensions.toString())
        .contains("\"FunctionName\",\"Value\":\"orders\"")
        .doesNotContain("spoofed");
    assertThat(report.droppedTags()).isEqualTo(7);
  }

  @Test
  void aggregates_per_second_with_high_resolution() {
    MetricsInvocation invocation = metrics().highResolution(true).build().newInvocation();
    invocation.accept(GROUP, line(-2, "1|count|fast"), NOW);
    invocation.accept(GROUP, line(-2, "1|count|fast"), NOW);
    invocation.accept(GROUP, line(-1, "1|count|fast"), NOW);
    invocation.publish();

    assertThat(sentData())
        .extracting(d -> d.get("StorageResolution").asInt() + "@" + d.get("Value").asInt())
        .containsExactly("1@2", "1@1");
  }

  @Test
  void uses_the_configured_namespace_and_rejects_reserved_or_invalid_ones() {
    MetricsInvocation invocation = metrics().namespace("shop/checkout").build().newInvocation();
    invocation.accept("not-a-lambda-group", line(0, "1|count|n"), NOW);
    invocation.publish();
    JsonNode request = aws.cborRequests(CLOUDWATCH, "PutMetricData").get(0);
    assertThat(request.get("Namespace").asText()).isEqualTo("shop/checkout");
    assertThat(request.get("MetricData").get(0).get("Dimensions"))
        .as("no FunctionName outside /aws/lambda/")
        .isEmpty();

    for (String bad : List.of("AWS/Lambda", "aws/custom", "", ":x", "n".repeat(256), "bad|pipe")) {
      assertThatThrownBy(() -> MetricsFromLogs.builder().namespace(bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> MetricsFromLogs.builder().build()).hasMessage("publisher is required");
  }

  @Test
  void publishing_nothing_makes_no_request() {
    PublishReport report = metrics().build().newInvocation().publish();
    assertThat(report.clean()).isTrue();
    assertThat(aws.cborRequests(CLOUDWATCH, "PutMetricData")).isEmpty();
  }
}
