package dev.noops.bench.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Writes {@code latest.md} (a table, headed by the lines bench/run passes: date, machine, settings)
 * and {@code latest.json} (an array, one object per figure) from the rows every step appended.
 *
 * <p>Usage: {@code Report <rows.jsonl> <out-dir> [header line ...]}
 */
public final class Report {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Report() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: Report <rows.jsonl> <out-dir> [header line ...]");
    }
    List<Row> rows = Row.read(Path.of(args[0]));
    Path out = Path.of(args[1]);
    Files.createDirectories(out);
    JSON.writeValue(out.resolve("latest.json").toFile(), rows);
    List<String> header = Arrays.asList(args).subList(2, args.length);
    Files.writeString(out.resolve("latest.md"), markdown(rows, header), StandardCharsets.UTF_8);
  }

  static String markdown(List<Row> rows, List<String> header) {
    StringBuilder md = new StringBuilder("# noops benchmark results\n\n");
    header.forEach(line -> md.append(line).append("\n\n"));
    md.append("Medians over `runs` samples (JMH: measurement iterations; processes: runs); ")
        .append(
            "spread is min..max of the same samples. p99 only where the figure is a latency distribution.\n\n")
        .append(
            "| figure | value | unit | median | p99 | spread (min..max) | runs | note | command |\n")
        .append("|---|---|---|---|---|---|---|---|---|\n");
    for (Row row : rows) {
      md.append("| ")
          .append(row.name())
          .append(" | ")
          .append(number(row.median()))
          .append(" | ")
          .append(row.unit())
          .append(" | ")
          .append(number(row.median()))
          .append(" | ")
          .append(number(row.p99()))
          .append(" | ")
          .append(row.min() == null ? "" : number(row.min()) + ".." + number(row.max()))
          .append(" | ")
          .append(row.runs())
          .append(" | ")
          .append(row.note().replace("|", "\\|"))
          .append(" | `")
          .append(row.command().replace("|", "\\|"))
          .append("` |\n");
    }
    return md.toString();
  }

  /** Three significant digits, grouped thousands for large values; blank when absent. */
  static String number(Double value) {
    if (value == null) {
      return "";
    }
    double abs = Math.abs(value);
    if (abs >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    if (abs >= 100) {
      return String.format(Locale.ROOT, "%.0f", value);
    }
    if (abs >= 10) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
    return String.format(Locale.ROOT, "%.3g", value);
  }
}
