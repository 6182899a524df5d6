package dev.noops.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WrkFiguresTest {
  @TempDir Path dir;

  @Test
  void reports_the_median_p50_and_p99_of_the_paced_runs_and_the_open_throughput() throws Exception {
    Path paced =
        Files.writeString(
            dir.resolve("paced.txt"),
            """
        Running 10s test @ http://127.0.0.1:8080
        NOOPS_WRK p50_us=1000 p99_us=9000 rps=190.0 requests=1900 errors=0
        NOOPS_WRK p50_us=3000 p99_us=7000 rps=180.0 requests=1800 errors=2
        NOOPS_WRK p50_us=2000 p99_us=8000 rps=185.0 requests=1850 errors=0
        """);
    Path open =
        Files.writeString(
            dir.resolve("open.txt"),
            "NOOPS_WRK p50_us=4000 p99_us=60000 rps=700.0 requests=7000 errors=0\n");
    Path rows = dir.resolve("rows.jsonl");

    WrkFigures.main(
        new String[] {rows.toString(), paced.toString(), open.toString(), "200", "wrk"});

    List<Row> result = Row.read(rows);
    assertThat(result.get(0).median()).isEqualTo(2.0);
    assertThat(result.get(0).p99()).isEqualTo(8.0);
    assertThat(result.get(0).min()).isEqualTo(1.0);
    assertThat(result.get(0).max()).isEqualTo(3.0);
    assertThat(result.get(0).note()).contains("2 errors");
    assertThat(result.get(1).median()).isEqualTo(185.0);
    assertThat(result.get(2).median()).isEqualTo(700.0);
  }

  @Test
  void no_finished_run_is_a_not_measured_figure() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.txt"), "");
    Path rows = dir.resolve("rows.jsonl");

    WrkFigures.main(
        new String[] {rows.toString(), empty.toString(), empty.toString(), "200", "wrk"});

    assertThat(Row.read(rows))
        .allSatisfy(
            row -> {
              assertThat(row.median()).isNull();
              assertThat(row.note()).startsWith("not measured");
            });
  }
}
