package dev.noops.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
  @TempDir Path dir;

  @Test
  void writes_one_json_object_per_figure_and_a_markdown_row_each() throws Exception {
    Path rows = dir.resolve("rows.jsonl");
    Row.append(
        rows,
        List.of(
            Row.of("cold start X", "ms", List.of(900.0, 1000.0, 1200.0), true, "", "bench/run"),
            Row.missing("wrk GET", "ms", "no wrk run finished", "wrk ...")));

    Report.main(new String[] {rows.toString(), dir.resolve("out").toString(), "Date: today."});

    JsonNode json = new ObjectMapper().readTree(dir.resolve("out/latest.json").toFile());
    assertThat(json.isArray()).isTrue();
    assertThat(json).hasSize(2);
    assertThat(json.get(0).path("median").asDouble()).isEqualTo(1000.0);
    assertThat(json.get(0).path("p99").asDouble()).isEqualTo(1200.0);
    assertThat(json.get(0).path("runs").asInt()).isEqualTo(3);
    assertThat(json.get(0).path("command").asText()).isEqualTo("bench/run");
    assertThat(json.get(1).path("median").isNull()).isTrue();
    String md = Files.readString(dir.resolve("out/latest.md"));
    assertThat(md)
        .contains("Date: today.")
        .contains("| cold start X | 1,000 | ms | 1,000 | 1,200 | 900..1,200 | 3 |")
        .contains("not measured: no wrk run finished");
  }

  @Test
  void a_pipe_in_a_command_does_not_break_the_table() {
    String md =
        Report.markdown(
            List.of(new Row("f", "x", 1.0, null, 1, null, null, "a|b", "x | y")), List.of());
    assertThat(md).contains("a\\|b").contains("`x \\| y`");
  }
}
