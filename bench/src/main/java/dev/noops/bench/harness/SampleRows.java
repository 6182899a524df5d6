package dev.noops.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns samples measured by a script into rows: each line of the samples file is {@code
 * name<TAB>unit<TAB>value<TAB>note<TAB>command}; lines of one name become one row (median, spread,
 * runs). Usage: {@code SampleRows <rows.jsonl> <samples.tsv>}
 */
public final class SampleRows {
  private SampleRows() {}

  public static void main(String[] args) throws IOException {
    Map<String, List<String[]>> byName = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Path.of(args[1]))) {
      String[] fields = line.split("\t", -1);
      if (fields.length == 5) {
        byName.computeIfAbsent(fields[0], name -> new ArrayList<>()).add(fields);
      }
    }
    List<Row> rows = new ArrayList<>();
    for (List<String[]> lines : byName.values()) {
      String[] first = lines.get(0);
      List<Double> samples = new ArrayList<>();
      for (String[] fields : lines) {
        if (!fields[2].isEmpty()) {
          samples.add(Double.parseDouble(fields[2]));
        }
      }
      rows.add(Row.of(first[0], first[1], samples, false, first[3], first[4]));
    }
    Row.append(Path.of(args[0]), rows);
  }
}
