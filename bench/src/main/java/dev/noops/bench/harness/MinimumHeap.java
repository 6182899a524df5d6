package dev.noops.bench.harness;

import dev.noops.testsupport.SamTemplate;
import dev.noops.testsupport.ScriptedCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The smallest {@code -Xmx} that ships a 1 MB compressed payload: child JVMs with descending heap
 * sizes ({@link HeapProbe}, serial GC, the ShipperFunction's JIT flags from template.yaml) ship the
 * same envelope to a {@link ScriptedCluster}; the smallest size at which all {@link #TRIES} runs
 * pass (the need varies a little from run to run with GC timing, so one lucky pass is not enough).
 *
 * <p>Usage: {@code MinimumHeap <rows.jsonl> <work-dir> <command>}
 */
public final class MinimumHeap {
  static final int[] SIZES_MB = {96, 64, 48, 40, 32, 28, 24, 20, 16, 12, 8};
  static final int TRIES = 3;
  private static final String NAME = "shipper: smallest -Xmx that ships a 1 MB compressed payload";

  private MinimumHeap() {}

  public static void main(String[] args) throws Exception {
    Path rows = Path.of(args[0]);
    Path work = Files.createDirectories(Path.of(args[1]));
    String command = args[2];
    MixedLogs.Payload payload = new MixedLogs(1).ofCompressedSize(1024 * 1024);
    Path file = work.resolve("payload-1mb.json");
    Files.write(file, payload.envelope());
    Path log = work.resolve("minimum-heap.log");
    Files.deleteIfExists(log);
    String jit = SamTemplate.read(Path.of("template.yaml")).javaToolOptions("ShipperFunction");
    try (ScriptedCluster cluster = ScriptedCluster.acknowledging().listen()) {
      Integer smallest = null;
      String below = "";
      for (int size : SIZES_MB) {
        int passed = 0;
        while (passed < TRIES && probe(cluster, file, payload, size, jit, log)) {
          passed++;
        }
        System.out.printf("  -Xmx%dm: %d of %d runs ship%n", size, passed, TRIES);
        if (passed < TRIES) {
          below =
              "; at -Xmx"
                  + size
                  + "m "
                  + (passed == 0
                      ? "the first run failed"
                      : passed + " runs passed, then one failed");
          break;
        }
        smallest = size;
      }
      String note =
          "payload: "
              + payload.events()
              + " events, "
              + payload.textBytes() / 1_000_000
              + " MB of log text, "
              + payload.compressedBytes() / 1024
              + " KiB gzip; tried "
              + java.util.Arrays.toString(SIZES_MB)
              + " MB, "
              + TRIES
              + " runs each, -XX:+UseSerialGC "
              + jit
              + " (the ShipperFunction's), stub cluster; the process holds "
              + "the envelope as the handler does"
              + below;
      if (smallest == null) {
        Row.append(
            rows,
            List.of(
                Row.missing(NAME, "MB", "even -Xmx" + SIZES_MB[0] + "m failed; " + note, command)));
        return;
      }
      Row.append(
          rows,
          List.of(new Row(NAME, "MB", (double) smallest, null, TRIES, null, null, note, command)));
    }
  }

  private static boolean probe(
      ScriptedCluster cluster,
      Path file,
      MixedLogs.Payload payload,
      int sizeMb,
      String jit,
      Path log)
      throws Exception {
    Files.writeString(
        log,
        "== -Xmx" + sizeMb + "m\n",
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    List<String> jvm = new java.util.ArrayList<>();
    jvm.add("-Xmx" + sizeMb + "m");
    jvm.add("-XX:+UseSerialGC");
    jvm.addAll(List.of(jit.split("\\s+")));
    jvm.add("-XX:+ExitOnOutOfMemoryError");
    return Children.run(
            jvm,
            System.getProperty("java.class.path"),
            HeapProbe.class.getName(),
            List.of(
                cluster.endpoint().toString(), file.toString(), Integer.toString(payload.events())),
            Map.of(),
            log,
            180)
        .ok();
  }
}
