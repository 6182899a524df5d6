package dev.noops.bench.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The smallest {@code -Xmx} that ships a 1 MB compressed payload: child JVMs with descending heap
 * sizes ({@link HeapProbe}, serial GC, the template's JIT flags) ship the same envelope to a
 * {@link ScriptedCluster}; the smallest size that passes, confirmed by two more passing runs.
 *
 * <p>Usage: {@code MinimumHeap <rows.jsonl> <work-dir> <command>}
 */
public final class MinimumHeap {
  static final int[] SIZES_MB = {96, 64, 48, 40, 32, 28, 24, 20, 16, 12, 8};
  private static final String NAME = "shipper: smallest -Xmx that ships a 1 MB compressed payload";

  private MinimumHeap() {}

  public static void main(String[] args) throws Exception {
    Path rows = Path.of(args[0]);
    Path work = Files.createDirectories(Path.of(args[1]));
    String command = args[2];
    LogPayloads.Payload payload = new LogPayloads(1, "/aws/lambda/orders-api").ofCompressedSize(1024 * 1024);
    Path file = work.resolve("payload-1mb.json");
    Files.write(file, payload.envelope());
    Path log = work.resolve("minimum-heap.log");
    try (ScriptedCluster cluster = ScriptedCluster.start()) {
      Integer smallest = null;
      for (int size : SIZES_MB) {
        boolean ok = probe(cluster, file, payload, size, log);
        System.out.printf("  -Xmx%dm: %s%n", size, ok ? "ships" : "fails");
        if (!ok) {
          break;
        }
        smallest = size;
      }
      String note = "payload: " + payload.events() + " events, " + payload.textBytes() / 1_000_000 + " MB of log text, "
          + payload.compressedBytes() / 1024 + " KiB gzip; tried " + java.util.Arrays.toString(SIZES_MB)
          + " MB, -XX:+UseSerialGC -XX:TieredStopAtLevel=1, stub cluster; the process holds the envelope as the handler does";
      if (smallest == null) {
        Row.append(rows, List.of(Row.missing(NAME, "MB", "even -Xmx" + SIZES_MB[0] + "m failed; " + note, command)));
        return;
      }
      List<Double> confirmed = new ArrayList<>(List.of((double) smallest));
      for (int i = 0; i < 2; i++) {
        if (probe(cluster, file, payload, smallest, log)) {
          confirmed.add((double) smallest);
        }
      }
      String flaky = confirmed.size() < 3 ? "; only " + confirmed.size() + " of 3 runs passed at this size" : "";
      Row.append(rows, List.of(new Row(NAME, "MB", (double) smallest, null, confirmed.size(), null, null,
          note + flaky, command)));
    }
  }

  private static boolean probe(ScriptedCluster cluster, Path file, LogPayloads.Payload payload, int sizeMb, Path log)
      throws Exception {
    Files.writeString(log, "== -Xmx" + sizeMb + "m\n", java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    List<String> jvm = List.of("-Xmx" + sizeMb + "m", "-XX:+UseSerialGC", "-XX:+TieredCompilation",
        "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError");
    return Children.run(jvm, System.getProperty("java.class.path"), HeapProbe.class.getName(),
        List.of(cluster.endpoint().toString(), file.toString(), Integer.toString(payload.events())),
        Map.of(), log, 180).ok();
  }
}
