package dev.noops.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Datadog tag forms CloudWatch cannot express, the FunctionName choice, the rollup, and JSON
 * platform records.
 */
class DimensionSetsTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:30Z");
  private static final long EPOCH = NOW.getEpochSecond();
  private final List<MetricBatch> published = new ArrayList<>();

  private MetricsFromLogs.Builder metrics() {
    return MetricsFromLogs.builder()
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .publisher(
            (batches, deadline) -> {
              published.addAll(batches);
              return PublishResult.allPublished(batches);
            });
  }

  private List<MetricDatum> data() {
    return published.stream().flatMap(b -> b.data().stream()).toList();
  }

  @Test
  void an_empty_tag_value_keeps_the_metric_and_drops_that_dimension_with_a_count() {
    MetricsInvocation invocation = metrics().build().newInvocation();
    invocation.accept(
        "/aws/lambda/orders",
        "MONITORING|" + EPOCH + "|1|count|orders.created|#env:prod,source:",
        NOW);
    invocation.accept(
        "/aws/lambda/orders",
        "MONITORING|" + EPOCH + "|2|count|orders.created|#env:prod,source: ,flag",
        NOW);

    PublishReport report = invocation.publish();

    assertThat(report.lines()).isEqualTo(2);
    assertThat(report.emptyTagValues()).isEqualTo(3);
    assertThat(report.clean()).isTrue();
    assertThat(data())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.value()).isEqualTo(3);
              assertThat(d.dimensions())
                  .containsExactly(Map.entry("FunctionName", "orders"), Map.entry("env", "prod"));
            });
  }

  @Test
  void folds_accented_names_and_values_to_ascii_and_counts_them() {
    MetricsInvocation invocation = metrics().build().newInvocation();
    invocation.accept(
        "/aws/lambda/orders",
        "MONITORING|" + EPOCH + "|1|count|café-orders|#städt:Zürich,quote:it’s",
        NOW);

    PublishReport report = invocation.publish();

    assertThat(report.transliterated()).isEqualTo(4);
    assertThat(data())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.metricName()).isEqualTo("cafe-orders");
              assertThat(d.dimensions())
                  .containsEntry("stadt", "Zurich")
                  .containsEntry("quote", "it's");
            });
  }

  @Test
  void function_name_is_chosen_per_deployment_and_per_line() {
    MetricsInvocation invocation = metrics().functionNameDimension(false).build().newInvocation();
    invocation.accept("/aws/lambda/orders", "MONITORING|" + EPOCH + "|1|count|fleet", NOW);
    invocation.accept(
        "/aws/lambda/orders",
        "MONITORING|" + EPOCH + "|1|count|mine|#noops.function_name:true",
        NOW);
    invocation.accept(
        "/aws/lambda/orders",
        "MONITORING|" + EPOCH + "|1|count|odd|#noops.function_name:maybe",
        NOW);

    PublishReport report = invocation.publish();

    Map<String, Map<String, String>> dimensions = new LinkedHashMap<>();
    data().forEach(d -> dimensions.put(d.metricName(), d.dimensions()));
    assertThat(dimensions.get("fleet")).isEmpty();
    assertThat(dimensions.get("mine")).containsExactly(Map.entry("FunctionName", "orders"));
    assertThat(dimensions.get("odd"))
        .as("a bad reserved value is dropped, the deployment setting stays")
        .isEmpty();
    assertThat(report.droppedTags()).isEqualTo(1);
  }

  @Test
  void the_rollup_publishes_each_metric_again_without_function_name_summed_over_functions() {
    MetricsInvocation invocation = metrics().rollup(true).build().newInvocation();
    invocation.accept(
        "/aws/lambda/orders", "MONITORING|" + EPOCH + "|2|count|created|#env:prod", NOW);
    invocation.accept(
        "/aws/lambda/billing", "MONITORING|" + EPOCH + "|3|count|created|#env:prod", NOW);
    invocation.accept(
        "/aws/lambda/billing",
        "MONITORING|" + EPOCH + "|4|count|created|#env:prod,noops.function_name:false",
        NOW);

    invocation.publish();

    Map<Map<String, String>, Double> sums = new LinkedHashMap<>();
    data().forEach(d -> sums.put(d.dimensions(), d.value()));
    assertThat(sums)
        .containsEntry(Map.of("FunctionName", "orders", "env", "prod"), 2.0)
        .containsEntry(Map.of("FunctionName", "billing", "env", "prod"), 3.0)
        .containsEntry(Map.of("env", "prod"), 9.0)
        .hasSize(3);
  }

  @Test
  void reads_platform_report_and_init_report_records_of_the_json_log_format() {
    MetricsInvocation invocation = metrics().reportMetrics(true).build().newInvocation();
    invocation.accept(
        "/aws/lambda/orders",
        "{\"time\":\"2026-11-25T10:00:29.000Z\",\"type\":\"platform.initReport\","
            + "\"record\":{\"initializationType\":\"on-demand\",\"phase\":\"init\",\"status\":\"success\","
            + "\"metrics\":{\"durationMs\":151.2}}}",
        NOW);
    invocation.accept(
        "/aws/lambda/orders",
        "{\"time\":\"2026-11-25T10:00:30.000Z\",\"type\":\"platform.report\","
            + "\"record\":{\"requestId\":\"6f7f0961-xmpl\",\"metrics\":{\"durationMs\":21.5,\"billedDurationMs\":22,"
            + "\"memorySizeMB\":128,\"maxMemoryUsedMB\":64,\"initDurationMs\":151.2},\"status\":\"timeout\"}}",
        NOW);
    invocation.accept(
        "/aws/lambda/orders",
        "{\"time\":\"x\",\"type\":\"platform.report\",\"record\":{\"metrics\":{}}}",
        NOW);
    invocation.accept(
        "/aws/lambda/orders", "{\"type\":\"platform.report\",\"record\":" + "[".repeat(5000), NOW);

    invocation.publish();

    Map<String, MetricDatum> byName = new LinkedHashMap<>();
    data().forEach(d -> byName.put(d.metricName(), d));
    assertThat(byName.get("Invocations").value()).isEqualTo(1);
    assertThat(byName.get("ColdStarts").value()).isEqualTo(1);
    assertThat(byName.get("Timeouts").value()).isEqualTo(1);
    assertThat(byName.get("Duration").values()).containsExactly(21.5);
    assertThat(byName.get("MaxMemoryUsedPercent").values()).containsExactly(50.0);
    assertThat(byName.get("InitReports").value()).isEqualTo(1);
    assertThat(byName.get("InitFailures").value()).isEqualTo(0);
    assertThat(byName.get("InitPhaseDuration").values()).containsExactly(151.2);
    assertThat(published).extracting(MetricBatch::namespace).containsOnly("noops/lambda");
  }

  @Test
  void a_gauge_statistic_set_turns_back_into_samples_with_the_same_count_sum_min_and_max() {
    MetricsInvocation invocation = metrics().build().newInvocation();
    for (double v : new double[] {4, 1, 9, 4, 2}) {
      invocation.accept(
          "/aws/lambda/orders", "MONITORING|" + EPOCH + "|" + v + "|gauge|depth", NOW);
    }
    invocation.publish();

    MetricDatum datum = data().get(0);
    assertThat(datum.statistics()).isEqualTo(new MetricDatum.Statistics(5, 20, 1, 9));
    assertThat(datum.toJson())
        .contains("\"StatisticValues\":{\"SampleCount\":5,\"Sum\":20,\"Minimum\":1,\"Maximum\":9}");
    StringBuilder lines = new StringBuilder();
    DirectMetrics.appendLines(datum, lines);
    List<Double> values =
        lines.toString().lines().map(l -> MonitoringLine.find(l).orElseThrow().value()).toList();
    assertThat(values).hasSize(5).contains(1.0, 9.0);
    assertThat(values.stream().mapToDouble(Double::doubleValue).sum())
        .isCloseTo(20.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void a_report_figure_beyond_cloudwatchs_range_is_left_out_and_counted() {
    MetricsInvocation invocation = metrics().reportMetrics(true).build().newInvocation();
    invocation.accept(
        "/aws/lambda/orders",
        "REPORT RequestId: r\tDuration: "
            + "9".repeat(400)
            + " ms\t"
            + "Billed Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 64 MB\t",
        NOW);

    PublishReport report = invocation.publish();

    assertThat(data()).extracting(MetricDatum::metricName).doesNotContain("Duration");
    assertThat(report.rejected()).isEqualTo(1);
  }
}
