package dev.noops.bench.harness;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;

/**
 * One figure of the results table: the median over {@code runs}, the spread ({@code min}..{@code
 * max}), a p99 where the figure is a latency distribution, and the command that produced it. A
 * figure that could not be measured has no median and says why in {@code note}.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record Row(
    String name,
    String unit,
    Double median,
    Double p99,
    int runs,
    Double min,
    Double max,
    String note,
    String command) {
  private static final ObjectMapper JSON = new ObjectMapper();

  Row {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(unit, "unit == null");
    Objects.requireNonNull(command, "command == null");
    note = note == null ? "" : note;
  }

  /** A measured figure from raw samples (medians of runs, or per-iteration JMH scores). */
  static Row of(
      String name,
      String unit,
      List<Double> samples,
      boolean withP99,
      String note,
      String command) {
    if (samples.isEmpty()) {
      return missing(name, unit, note.isEmpty() ? "no samples" : note, command);
    }
    Double p99 = withP99 ? Stats.percentile(samples, 99) : null;
    return new Row(
        name,
        unit,
        Stats.median(samples),
        p99,
        samples.size(),
        Stats.min(samples),
        Stats.max(samples),
        note,
        command);
  }

  /** A figure that was not measured, and why. */
  static Row missing(String name, String unit, String why, String command) {
    return new Row(name, unit, null, null, 0, null, null, "not measured: " + why, command);
  }

  /** Appends rows as JSON lines to {@code file} (each step of bench/run writes its own). */
  static void append(Path file, List<Row> rows) {
    StringBuilder lines = new StringBuilder();
    try {
      for (Row row : rows) {
        lines.append(JSON.writeValueAsString(row)).append('\n');
      }
      Files.writeString(
          file,
          lines,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write rows to " + file, e);
    }
  }

  /** Reads the JSON lines that {@link #append} wrote. */
  static List<Row> read(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .filter(line -> !line.isBlank())
          .map(Row::parse)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read rows from " + file, e);
    }
  }

  private static Row parse(String line) {
    try {
      return JSON.readValue(line, Row.class);
    } catch (IOException e) {
      throw new UncheckedIOException("not a row: " + line, e);
    }
  }
}
