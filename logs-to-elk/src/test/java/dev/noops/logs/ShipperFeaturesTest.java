package dev.noops.logs;

import static dev.noops.logs.CloudWatchData.envelope;
import static dev.noops.logs.CloudWatchData.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.noops.metrics.MalformedMonitoringLineException;
import dev.noops.metrics.MonitoringLine;
import dev.noops.testsupport.OpenSearchNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Filtering, redaction and index routing against a real OpenSearch node: what is dropped is
 * counted, what is redacted never reaches an index, a routed log group gets its own indices and
 * templates.
 */
class ShipperFeaturesTest {
  /** A line a strict index refuses: its correlation id adds a labels.* field. */
  private static final String REFUSED = "{\"message\":\"refused\",\"x-correlation-id\":\"c-1\"}";

  private static OpenSearchNode node;
  private static Cluster cluster;
  private final List<MonitoringLine> own = new CopyOnWriteArrayList<>();
  private final MetricLineListener listener =
      new MetricLineListener() {
        @Override
        public void onMetricLine(String logGroup, MonitoringLine line) {
          if (logGroup.equals(ShipperMetrics.GROUP)) {
            own.add(line);
          }
        }

        @Override
        public void onMalformedLine(String logGroup, MalformedMonitoringLineException error) {
          // not part of these tests
        }
      };

  @BeforeAll
  static void startNode() {
    node = OpenSearchNode.start();
    cluster = new Cluster(node.httpUri());
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  @Test
  void
      lines_below_the_level_or_matching_the_exclusion_are_dropped_and_counted_but_lambda_records_stay() {
    ShipperConfig config =
        OpenSearchShippingTest.config(node.httpUri(), "filtered")
            .filter(null, "health-?check", "INFO")
            .build();
    List<String> lines =
        List.of(
            "START RequestId: r-1 Version: $LATEST\n",
            "2024-05-01T10:00:00.000Z\tr-1\tDEBUG\tcache warm\n",
            "2024-05-01T10:00:00.000Z\tr-1\tINFO\tGET /health-check 200\n",
            "2024-05-01T10:00:00.000Z\tr-1\tWARN\tslow order 7\n",
            "{\"level\":\"debug\",\"message\":\"json debug\"}",
            "a line without a level\n",
            "REPORT RequestId: r-1\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB"
                + "\tMax Memory Used: 70 MB\t\n");
    ShipReport report =
        Shipper.create(config, listener)
            .ship(envelope(payload(CloudWatchData.events("f", lines))), Duration.ofSeconds(30));

    assertThat(report.dropped()).isEqualTo(3);
    assertThat(report.indexed()).isEqualTo(4);
    assertThat(cluster.count("filtered-2020.03.27")).isEqualTo(4);
    assertThat(own)
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line.name()).isEqualTo("noops-shipper-dropped");
              assertThat(line.value()).isEqualTo(3.0);
            });
  }

  @Test
  void an_include_regex_keeps_only_matching_application_lines() {
    ShipperConfig config =
        OpenSearchShippingTest.config(node.httpUri(), "included")
            .filter("order \\d+", null, null)
            .build();
    ShipReport report =
        Shipper.create(config, MetricLineListener.NONE)
            .ship(
                envelope(
                    payload(
                        CloudWatchData.events(
                            "i", List.of("order 7 paid", "noise", "END RequestId: r-1\n")))),
                Duration.ofSeconds(30));
    assertThat(report.dropped()).isEqualTo(1);
    assertThat(cluster.count("included-2020.03.27")).isEqualTo(2);
  }

  @Test
  void secrets_are_redacted_in_documents_json_fields_and_dead_letters() {
    ShipperConfig config =
        OpenSearchShippingTest.config(node.httpUri(), "redacted")
            .redact("all", "cust-[0-9]{4}")
            .build();
    String text =
        "2024-05-01T10:00:00.000Z\tr-1\tINFO\tmail jane.doe@example.com card 4111 1111 1111 1111"
            + " not 4111 1111 1111 1112 key AKIAIOSFODNN7EXAMPLE auth Bearer abcdefgh12345678"
            + " customer cust-1234\n";
    String json =
        "{\"message\":\"login\",\"user\":{\"email\":\"a@b.io\"},"
            + "\"token\":\"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl\"}";
    Shipper shipper = Shipper.create(config, listener);
    ShipReport report =
        shipper.ship(
            envelope(payload(CloudWatchData.events("r", List.of(text, json)))),
            Duration.ofSeconds(30));

    JsonNode doc = cluster.source("redacted-*", "r-0");
    assertThat(doc.get("message").asText())
        .isEqualTo(
            "mail [REDACTED:email] card [REDACTED:card] not 4111 1111 1111 1112 key"
                + " [REDACTED:aws_key] auth Bearer [REDACTED:bearer] customer [REDACTED:custom]");
    JsonNode jsonDoc = cluster.source("redacted-*", "r-1");
    assertThat(jsonDoc.path("json").path("user_email").asText()).isEqualTo("[REDACTED:email]");
    assertThat(jsonDoc.path("json").path("token").asText()).isEqualTo("[REDACTED:jwt]");
    assertThat(report.redactions())
        .isEqualTo(Map.of("email", 2, "card", 1, "aws_key", 1, "jwt", 1, "bearer", 1, "custom", 1));
    assertThat(own).extracting(MonitoringLine::name).containsOnly("noops-shipper-redacted");

    // a dead letter's event.original is the redacted text too
    cluster.send("DELETE", "/redacted-2020.03.27", null);
    cluster.put("/redacted-2020.03.27", "{\"mappings\":{\"dynamic\":\"strict\"}}");
    String refused =
        json.replace(
            "\"login\"",
            "\"login\",\"x-correlation-id\":\"c-1\""); // labels.* is refused by a strict index
    shipper.ship(
        envelope(payload(CloudWatchData.events("d", List.of(refused)))), Duration.ofSeconds(30));
    JsonNode letter = cluster.source("redacted-failed-*", "d-0");
    assertThat(letter.get("event.original").asText())
        .doesNotContain("a@b.io")
        .doesNotContain("eyJhbGci")
        .contains("[REDACTED:email]");
  }

  @Test
  void bad_settings_are_startup_errors_naming_the_setting() {
    assertThatThrownBy(
            () ->
                ShipperConfig.fromEnvironment(
                    Map.of("ES_ENDPOINT", "https://x", "FILTER_INCLUDE", "(")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("FILTER_INCLUDE is not a valid regex");
    assertThatThrownBy(
            () ->
                ShipperConfig.fromEnvironment(
                    Map.of("ES_ENDPOINT", "https://x", "FILTER_MIN_LEVEL", "LOUD")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("FILTER_MIN_LEVEL must be one of")
        .hasMessageEndingWith(": LOUD");
    assertThatThrownBy(
            () ->
                ShipperConfig.fromEnvironment(
                    Map.of("ES_ENDPOINT", "https://x", "REDACT_RULES", "email,ssn")))
        .isInstanceOf(ConfigException.class)
        .hasMessageEndingWith(": ssn");
    assertThatThrownBy(
            () ->
                ShipperConfig.fromEnvironment(
                    Map.of("ES_ENDPOINT", "https://x", "REDACT_PATTERN", "[")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("REDACT_PATTERN is not a valid regex");
  }

  @Test
  void log_groups_are_routed_to_their_own_prefix_with_templates_and_dead_letters_there_too() {
    ShipperConfig config =
        OpenSearchShippingTest.config(node.httpUri(), "routed-default")
            .indexRoutes("/aws/lambda/pay-*=routed-pay; /aws/lambda/batch?=routed-batch")
            .build();
    Shipper shipper = Shipper.create(config, MetricLineListener.NONE);
    shipper.ship(
        envelope(payload("/aws/lambda/pay-api", "s", CloudWatchData.events("p", List.of("paid")))),
        Duration.ofSeconds(30));
    shipper.ship(
        envelope(payload("/aws/lambda/batch1", "s", CloudWatchData.events("b", List.of("done")))),
        Duration.ofSeconds(30));
    shipper.ship(
        envelope(payload("/aws/lambda/other", "s", CloudWatchData.events("o", List.of("hi")))),
        Duration.ofSeconds(30));

    assertThat(cluster.count("routed-pay-2020.03.27")).isEqualTo(1);
    assertThat(cluster.count("routed-batch-2020.03.27")).isEqualTo(1);
    assertThat(cluster.count("routed-default-2020.03.27")).isEqualTo(1);
    for (String prefix : List.of("routed-default", "routed-pay", "routed-batch")) {
      assertThat(cluster.get("/_index_template/" + prefix).path("index_templates").size())
          .as(prefix)
          .isEqualTo(1);
      assertThat(
              cluster.get("/_index_template/" + prefix + "-failed").path("index_templates").size())
          .as(prefix)
          .isEqualTo(1);
    }
    cluster.send("DELETE", "/routed-pay-2020.03.27", null);
    cluster.put("/routed-pay-2020.03.27", "{\"mappings\":{\"dynamic\":\"strict\"}}");
    shipper.ship(
        envelope(payload("/aws/lambda/pay-api", "s", CloudWatchData.events("q", List.of(REFUSED)))),
        Duration.ofSeconds(30));
    assertThat(cluster.source("routed-pay-failed-*", "q-0").get("event.original").asText())
        .isEqualTo(REFUSED);
  }

  @Test
  void a_routing_rule_that_cannot_be_read_is_a_startup_error() {
    for (String bad : List.of("/aws/lambda/x-*", "=logs-x", "/aws/lambda/x-*=Logs X")) {
      assertThatThrownBy(
              () ->
                  ShipperConfig.fromEnvironment(
                      Map.of("ES_ENDPOINT", "https://x", "INDEX_ROUTES", bad)))
          .as(bad)
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("INDEX_ROUTES rule must be");
    }
  }

  @Test
  void luhn_accepts_real_card_numbers_only() {
    assertThat(Redactor.luhn("4111111111111111")).isTrue();
    assertThat(Redactor.luhn("5500-0000-0000-0004")).isTrue();
    assertThat(Redactor.luhn("4111111111111112")).isFalse();
    assertThat(Redactor.luhn("000000000000")).as("too short").isFalse();
  }
}
