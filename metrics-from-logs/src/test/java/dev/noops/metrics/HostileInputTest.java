package dev.noops.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HostileInputTest {
  private static final String ALPHABET =
      "MONITORING|#:,.-+eE0123456789{}[]\"\\ \t\nabcNaInfty\u0000\u00e9\u2028";

  @Test
  void random_mutations_of_monitoring_lines_only_ever_give_a_line_nothing_or_a_malformed_error() {
    SplittableRandom random = new SplittableRandom(7);
    List<String> seeds =
        List.of(
            "MONITORING|1489795335|27.4|latency|user-api-latency|#a:b,c:d",
            "{\"level\":\"INFO\",\"message\":\"MONITORING|1489795335|1|count|n\",\"x\":[1,{\"y\":null}]}",
            "2026-11-25T10:00:00.000Z\tr\tINFO\tMONITORING|1489795335123|-1e3|gauge|g");
    MetricsInvocation invocation =
        MetricsFromLogs.builder()
            .publisher((batches, deadline) -> PublishResult.allPublished(batches))
            .build()
            .newInvocation();
    int found = 0;
    int malformed = 0;
    for (int i = 0; i < 20_000; i++) {
      String message = mutate(seeds.get(i % seeds.size()), random);
      try {
        if (MonitoringLine.find(message).isPresent()) {
          found++;
        }
      } catch (MalformedMonitoringLineException e) {
        malformed++;
        assertThat(e.getMessage()).hasSizeLessThan(300);
      }
      assertThatCode(() -> invocation.accept("/aws/lambda/f", message, Instant.now()))
          .doesNotThrowAnyException();
    }
    assertThat(found).isPositive();
    assertThat(malformed).isPositive();
    assertThatCode(invocation::publish).doesNotThrowAnyException();
  }

  @Test
  void deeply_nested_json_does_not_overflow_the_stack() {
    String deep =
        "{\"a\":"
            + "[".repeat(100_000)
            + "]".repeat(100_000)
            + ",\"message\":\"MONITORING|1|1|count|n\"}";
    assertThatCode(() -> MonitoringLine.find(deep)).doesNotThrowAnyException();
  }

  @Test
  void a_256_kb_message_is_read_without_trouble() {
    String big = "x".repeat(256 * 1024) + "\tMONITORING|1489795335|1|count|n";
    assertThat(MonitoringLine.find(big)).isPresent();
    String bigTags = "MONITORING|1489795335|1|count|n|#" + "k:v,".repeat(60_000) + "z:1";
    assertThatThrownBy(() -> MonitoringLine.find(bigTags))
        .isInstanceOf(MalformedMonitoringLineException.class)
        .hasMessageContaining("tag appears twice");
  }

  @Test
  void configuration_from_the_environment_names_the_bad_variable() {
    assertThat(
            MetricsFromLogs.fromEnvironment(
                    Map.of(
                        "NOOPS_METRICS_PUBLISHER",
                        "emf",
                        "NOOPS_METRICS_NAMESPACE",
                        "shop",
                        "NOOPS_METRICS_HIGH_RESOLUTION",
                        "true"))
                .build())
        .isNotNull();
    assertThatThrownBy(
            () -> MetricsFromLogs.fromEnvironment(Map.of("NOOPS_METRICS_PUBLISHER", "kafka")))
        .hasMessageContaining("NOOPS_METRICS_PUBLISHER");
    assertThatThrownBy(
            () ->
                MetricsFromLogs.fromEnvironment(
                    Map.of(
                        "NOOPS_METRICS_PUBLISHER", "emf", "NOOPS_METRICS_NAMESPACE", "AWS/Lambda")))
        .hasMessageContaining("NOOPS_METRICS_NAMESPACE")
        .hasMessageContaining("reserved");
    assertThatThrownBy(
            () ->
                MetricsFromLogs.fromEnvironment(
                    Map.of(
                        "NOOPS_METRICS_PUBLISHER", "emf", "NOOPS_METRICS_REPORT_METRICS", "yes")))
        .hasMessageContaining("NOOPS_METRICS_REPORT_METRICS");
  }

  private static String mutate(String seed, SplittableRandom random) {
    StringBuilder text = new StringBuilder(seed);
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits; e++) {
      int at = random.nextInt(text.length() + 1);
      char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
      switch (random.nextInt(3)) {
        case 0 -> text.insert(at, c);
        case 1 -> {
          if (at < text.length()) {
            text.deleteCharAt(at);
          }
        }
        default -> {
          if (at < text.length()) {
            text.setCharAt(at, c);
          }
        }
      }
    }
    return text.toString();
  }
}
