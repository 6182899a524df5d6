package dev.noops.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class JmhFiguresTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  // the shape JMH 1.37 writes with -rf json: rawData is [fork][iteration]
  private static JsonNode results(String... benchmarks) throws Exception {
    return JSON.readTree("[" + String.join(",", benchmarks) + "]");
  }

  private static String benchmark(String name, String primaryRaw, String secondary) {
    return "{\"benchmark\":\""
        + name
        + "\",\"mode\":\"thrpt\",\"primaryMetric\":{\"score\":0,\"scoreUnit\":\"ops/s\","
        + "\"rawData\":["
        + primaryRaw
        + "]},\"secondaryMetrics\":{"
        + secondary
        + "}}";
  }

  private static Row row(List<Row> rows, String prefix) {
    return rows.stream().filter(r -> r.name().startsWith(prefix)).findFirst().orElseThrow();
  }

  @Test
  void takes_the_median_and_spread_of_the_iterations_and_scales_secondary_counters()
      throws Exception {
    JsonNode results =
        results(
            benchmark(
                "dev.noops.bench.shipper.ShipperThroughputBenchmark.decodeParseSerialize",
                "[10.0, 30.0, 20.0]",
                "\"logTextBytes\":{\"rawData\":[[2.0E7, 4.0E7, 3.0E7]]},\"events\":{\"rawData\":[[100.0, 300.0, "
                    + "200.0]]}"));

    List<Row> rows = JmhFigures.rows(results, List.of("ShipperThroughputBenchmark"), "cmd");

    Row megabytes = row(rows, "shipper throughput: log text");
    assertThat(megabytes.median()).isEqualTo(30.0);
    assertThat(megabytes.unit()).isEqualTo("MB/s");
    assertThat(megabytes.min()).isEqualTo(20.0);
    assertThat(megabytes.max()).isEqualTo(40.0);
    assertThat(megabytes.runs()).isEqualTo(3);
    assertThat(row(rows, "shipper throughput: events").median()).isEqualTo(200.0);
  }

  @Test
  void says_whether_a_missing_benchmark_is_absent_or_did_not_finish() throws Exception {
    List<Row> rows = JmhFigures.rows(results(), List.of("CaptureBenchmark"), "cmd");

    assertThat(row(rows, "correlation: capture+clear").median()).isNull();
    assertThat(row(rows, "correlation: capture+clear").note()).contains("did not finish");
    assertThat(row(rows, "metrics: MONITORING lines").note())
        .contains("MetricsAggregationBenchmark is not in this build");
  }

  @Test
  void derives_the_interceptor_cost_and_the_refresh_ratio_from_medians() throws Exception {
    JsonNode results =
        results(
            benchmark(
                "x.HeaderInjectionBenchmark.okHttpCallWithInterceptor",
                "[500.0, 700.0, 600.0]",
                ""),
            benchmark(
                "x.HeaderInjectionBenchmark.okHttpCallWithoutInterceptor",
                "[400.0, 450.0, 500.0]",
                ""),
            benchmark("x.ConfigClientBenchmark.fullFetch", "[90.0, 100.0, 110.0]", ""),
            benchmark("x.ConfigClientBenchmark.conditionalRefresh", "[50.0, 50.0, 50.0]", ""));

    List<Row> rows = JmhFigures.rows(results, List.of(), "cmd");

    assertThat(row(rows, "correlation: forward, interceptor cost").median()).isEqualTo(150.0);
    assertThat(row(rows, "config client: full fetch / conditional").median()).isEqualTo(2.0);
  }

  @Test
  void notes_whether_the_cache_hit_meets_its_target() throws Exception {
    List<Row> fast =
        JmhFigures.rows(
            results(benchmark("x.ConfigClientBenchmark.cacheHit", "[20.0, 21.0, 22.0]", "")),
            List.of(),
            "cmd");
    List<Row> slow =
        JmhFigures.rows(
            results(benchmark("x.ConfigClientBenchmark.cacheHit", "[150.0, 160.0, 170.0]", "")),
            List.of(),
            "cmd");

    assertThat(row(fast, "config client: cache hit").note()).contains("meets the target");
    assertThat(row(slow, "config client: cache hit").note()).contains("MISSES the target");
  }
}
