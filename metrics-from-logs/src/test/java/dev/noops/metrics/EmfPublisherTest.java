package dev.noops.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EmfPublisherTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:30Z");
  private static final Set<String> UNITS =
      Set.of(
          "Seconds",
          "Microseconds",
          "Milliseconds",
          "Bytes",
          "Kilobytes",
          "Megabytes",
          "Gigabytes",
          "Terabytes",
          "Bits",
          "Kilobits",
          "Megabits",
          "Gigabits",
          "Terabits",
          "Percent",
          "Count",
          "Bytes/Second",
          "Kilobytes/Second",
          "Megabytes/Second",
          "Gigabytes/Second",
          "Terabytes/Second",
          "Bits/Second",
          "Kilobits/Second",
          "Megabits/Second",
          "Gigabits/Second",
          "Terabits/Second",
          "Count/Second",
          "None");
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private MetricsInvocation invocation() {
    return MetricsFromLogs.builder()
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .publisher(EmfPublisher.to(new PrintStream(out, true, StandardCharsets.UTF_8)))
        .build()
        .newInvocation();
  }

  private List<JsonNode> documents() throws IOException {
    List<JsonNode> documents = new ArrayList<>();
    for (String line : out.toString(StandardCharsets.UTF_8).lines().toList()) {
      JsonNode document = JSON.readTree(line);
      assertFollowsTheEmfSpecification(document);
      documents.add(document);
    }
    return documents;
  }

  /**
   * The required members and limits of the EMF specification
   * (CloudWatch_Embedded_Metric_Format_Specification).
   */
  static void assertFollowsTheEmfSpecification(JsonNode root) {
    assertThat(root.isObject()).isTrue();
    JsonNode aws = root.get("_aws");
    assertThat(aws.isObject()).as("_aws metadata object").isTrue();
    assertThat(aws.get("Timestamp").isIntegralNumber()).as("Timestamp in ms").isTrue();
    JsonNode directives = aws.get("CloudWatchMetrics");
    assertThat(directives.isArray()).isTrue();
    for (JsonNode directive : directives) {
      assertThat(directive.get("Namespace").isTextual()).isTrue();
      assertThat(directive.get("Namespace").asText()).hasSizeBetween(1, 255);
      assertThat(directive.get("Dimensions").isArray()).isTrue();
      for (JsonNode dimensionSet : directive.get("Dimensions")) {
        assertThat(dimensionSet.size()).isLessThanOrEqualTo(30);
        for (JsonNode dimension : dimensionSet) {
          assertThat(root.get(dimension.asText()).isTextual())
              .as("dimension %s is a string member", dimension)
              .isTrue();
        }
      }
      JsonNode metrics = directive.get("Metrics");
      assertThat(metrics.size()).isBetween(1, 100);
      for (JsonNode metric : metrics) {
        assertThat(metric.get("Name").isTextual()).isTrue();
        assertThat(metric.get("Name").asText()).hasSizeBetween(1, 1024);
        if (metric.has("Unit")) {
          assertThat(UNITS).contains(metric.get("Unit").asText());
        }
        if (metric.has("StorageResolution")) {
          assertThat(metric.get("StorageResolution").asInt()).isIn(1, 60);
        }
        JsonNode value = root.get(metric.get("Name").asText());
        assertThat(value).as("value member of %s", metric.get("Name")).isNotNull();
        if (value.isArray()) {
          assertThat(value.size()).isBetween(1, 100);
          value.forEach(v -> assertThat(v.isNumber()).isTrue());
        } else {
          assertThat(value.isNumber()).isTrue();
        }
      }
    }
  }

  @Test
  void writes_one_valid_document_per_dimension_set_and_minute() throws IOException {
    MetricsInvocation invocation = invocation();
    long epoch = NOW.getEpochSecond();
    invocation.accept(
        "/aws/lambda/orders", "MONITORING|" + epoch + "|8|count|yubls-served|#country:uk", NOW);
    invocation.accept(
        "/aws/lambda/orders", "MONITORING|" + epoch + "|2|count|yubls-served|#country:uk", NOW);
    invocation.accept(
        "/aws/lambda/orders",
        "MONITORING|" + epoch + "|27.4|latency|user-api-latency|#country:uk",
        NOW);
    invocation.accept(
        "/aws/lambda/orders", "MONITORING|" + epoch + "|3|count|yubls-served|#country:fr", NOW);

    MetricsInvocation.Published published = invocation.publishWithResult();

    assertThat(published.result().complete()).isTrue();
    List<JsonNode> documents = documents();
    assertThat(documents).hasSize(2);
    JsonNode uk = documents.get(0);
    assertThat(uk.at("/_aws/Timestamp").asLong())
        .isEqualTo(Instant.parse("2026-11-25T10:00:00Z").toEpochMilli());
    assertThat(uk.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("noops");
    assertThat(uk.at("/_aws/CloudWatchMetrics/0/Dimensions").toString())
        .isEqualTo("[[\"FunctionName\",\"country\"]]");
    assertThat(uk.at("/_aws/CloudWatchMetrics/0/Metrics").toString())
        .isEqualTo(
            "[{\"Name\":\"yubls-served\",\"Unit\":\"Count\",\"StorageResolution\":60},"
                + "{\"Name\":\"user-api-latency\",\"Unit\":\"Milliseconds\",\"StorageResolution\":60}]");
    assertThat(uk.get("FunctionName").asText()).isEqualTo("orders");
    assertThat(uk.get("yubls-served").asDouble()).isEqualTo(10);
    assertThat(uk.get("user-api-latency").asDouble()).isEqualTo(27.4);
    assertThat(documents.get(1).get("yubls-served").asDouble()).isEqualTo(3);
  }

  @Test
  void expands_a_distribution_into_arrays_of_at_most_100_values_without_losing_a_sample()
      throws IOException {
    MetricsInvocation invocation = invocation();
    for (int i = 0; i < 250; i++) {
      invocation.accept(
          "/aws/lambda/orders",
          "MONITORING|" + NOW.getEpochSecond() + "|" + (i % 7) + "|latency|l",
          NOW);
    }
    invocation.publish();

    List<JsonNode> documents = documents();
    assertThat(documents).hasSize(3);
    double sum = 0;
    int samples = 0;
    for (JsonNode document : documents) {
      for (JsonNode value : document.get("l")) {
        sum += value.asDouble();
        samples++;
      }
    }
    assertThat(samples).isEqualTo(250);
    double expected = 0;
    for (int i = 0; i < 250; i++) {
      expected += i % 7;
    }
    assertThat(sum).isEqualTo(expected);
  }

  @Test
  void puts_at_most_100_metrics_in_one_document() throws IOException {
    MetricsInvocation invocation = invocation();
    for (int i = 0; i < 250; i++) {
      invocation.accept(
          "/aws/lambda/orders", "MONITORING|" + NOW.getEpochSecond() + "|1|count|m" + i, NOW);
    }
    invocation.publish();

    List<JsonNode> documents = documents();
    assertThat(documents)
        .extracting(d -> d.at("/_aws/CloudWatchMetrics/0/Metrics").size())
        .containsExactly(100, 100, 50);
    Set<String> names = new HashSet<>();
    documents.forEach(
        d ->
            d.at("/_aws/CloudWatchMetrics/0/Metrics")
                .forEach(m -> names.add(m.get("Name").asText())));
    assertThat(names).hasSize(250);
  }

  @Test
  void rejects_a_metric_whose_name_is_also_a_dimension() throws IOException {
    MetricsInvocation invocation = invocation();
    invocation.accept(
        "/aws/lambda/orders",
        "MONITORING|" + NOW.getEpochSecond() + "|1|count|country|#country:uk",
        NOW);

    MetricsInvocation.Published published = invocation.publishWithResult();

    assertThat(published.result().rejected()).hasSize(1);
    assertThat(out.size()).isZero();
  }

  @Test
  void escapes_hostile_names_into_valid_json() throws IOException {
    MetricsInvocation invocation = invocation();
    invocation.accept(
        "/aws/lambda/orders",
        "MONITORING|" + NOW.getEpochSecond() + "|1|count|a\"b\\c|#q:\"x\"",
        NOW);
    invocation.publish();

    JsonNode document = documents().get(0);
    assertThat(document.get("a\"b\\c").asInt()).isEqualTo(1);
    assertThat(document.get("q").asText()).isEqualTo("\"x\"");
  }
}
