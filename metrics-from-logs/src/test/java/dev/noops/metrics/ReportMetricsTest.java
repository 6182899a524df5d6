package dev.noops.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportMetricsTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:30Z");
  private final List<MetricBatch> published = new ArrayList<>();

  private MetricsFromLogs metrics(boolean reportMetrics) {
    return MetricsFromLogs.builder()
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .reportMetrics(reportMetrics)
        .publisher(
            (batches, deadline) -> {
              published.addAll(batches);
              return PublishResult.allPublished(batches);
            })
        .build();
  }

  private static String reportLine(String fixture) throws IOException {
    try (InputStream in = ReportMetricsTest.class.getResourceAsStream("/events/" + fixture)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(line -> line.startsWith("REPORT"))
          .findFirst()
          .orElseThrow();
    }
  }

  private Map<String, MetricDatum> byName() {
    Map<String, MetricDatum> byName = new LinkedHashMap<>();
    published.forEach(batch -> batch.data().forEach(d -> byName.put(d.metricName(), d)));
    return byName;
  }

  @Test
  void derives_cold_start_memory_and_duration_from_a_node_report_line() throws IOException {
    MetricsInvocation invocation = metrics(true).newInvocation();
    invocation.accept("/aws/lambda/my-function", reportLine("aws-docs__nodejs-logging.log"), NOW);
    invocation.publish();

    assertThat(published).extracting(MetricBatch::namespace).containsOnly("noops/lambda");
    Map<String, MetricDatum> metrics = byName();
    assertThat(metrics.get("Invocations").value()).isEqualTo(1);
    assertThat(metrics.get("ColdStarts").value()).isEqualTo(1);
    assertThat(metrics.get("Timeouts").value()).isEqualTo(0);
    assertThat(metrics.get("Duration").values()).containsExactly(128.83);
    assertThat(metrics.get("InitDuration").values()).containsExactly(166.62);
    assertThat(metrics.get("MaxMemoryUsedPercent").values()).containsExactly(57.8);
    assertThat(metrics.get("MaxMemoryUsedPercent").unit()).isEqualTo("Percent");
    assertThat(metrics.get("Duration").dimensions())
        .containsExactly(Map.entry("FunctionName", "my-function"));
  }

  @Test
  void reads_the_space_separated_python_report_line() throws IOException {
    MetricsInvocation invocation = metrics(true).newInvocation();
    invocation.accept(
        "/aws/lambda/my-function", reportLine("aws-docs__python-print-logging.log"), NOW);
    invocation.publish();

    Map<String, MetricDatum> metrics = byName();
    assertThat(metrics.get("Duration").values()).containsExactly(15.74);
    assertThat(metrics.get("MaxMemoryUsedPercent").values()).containsExactly(43.8);
  }

  @Test
  void counts_a_timeout_without_a_cold_start() {
    MetricsInvocation invocation = metrics(true).newInvocation();
    invocation.accept(
        "/aws/lambda/slow",
        "REPORT RequestId: 1\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\t"
            + "Memory Size: 128 MB\tMax Memory Used: 64 MB\tStatus: timeout",
        NOW);
    invocation.publish();

    Map<String, MetricDatum> metrics = byName();
    assertThat(metrics.get("Timeouts").value()).isEqualTo(1);
    assertThat(metrics.get("ColdStarts").value()).isEqualTo(0);
    assertThat(metrics).doesNotContainKey("InitDuration");
  }

  @Test
  void ignores_report_lines_unless_enabled_and_partial_report_lines_always() {
    MetricsInvocation off = metrics(false).newInvocation();
    off.accept(
        "/aws/lambda/f",
        "REPORT RequestId: 1\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax"
            + " Memory Used: 64 MB",
        NOW);
    off.publish();
    MetricsInvocation on = metrics(true).newInvocation();
    on.accept("/aws/lambda/f", "REPORT RequestId: 1\tDuration: 1.00 ms", NOW);
    on.publish();

    assertThat(published).isEmpty();
  }
}
