package dev.noops.bench.harness;

import dev.noops.local.dynamodb.DynamoDbEmulator;
import dev.noops.testsupport.SamTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * What each usual init step adds to a cold start: {@link ProbeHandler} packed into the config API's
 * Lambda jar, run by the same harness as {@link ColdStart} (the Runtime Interface Client, a fresh
 * JVM, the template's {@code JAVA_TOOL_OPTIONS}) once per step, the DynamoDB steps against the
 * Dynoxide emulator. Prints the median process CPU time and wall time to the first answer per step.
 *
 * <p>Usage: {@code ColdStartParts <work-dir> <repo-root> <runs> [step,...]}
 */
public final class ColdStartParts {
  static final List<String> STEPS =
      List.of(
          "none",
          "log",
          "databind",
          "streaming",
          "tls",
          "credentials",
          "dynamodb-build",
          "dynamodb-get");

  private ColdStartParts() {}

  public static void main(String[] args) throws Exception {
    Path work = Files.createDirectories(Path.of(args[0]).toAbsolutePath());
    Path repo = Path.of(args[1]).toAbsolutePath();
    int runs = Integer.parseInt(args[2]);
    List<String> steps = args.length > 3 ? List.of(args[3].split(",")) : STEPS;
    // the probe runs in the config function's jar, so with that function's options
    String toolOptions =
        SamTemplate.read(repo.resolve("template.yaml")).javaToolOptions("ConfigFunction");
    Path jar =
        probeJar(
            repo.resolve("config-api/target/noops-config-api-lambda.jar"),
            work.resolve("probe.jar"));
    Path event = repo.resolve("events/config-api-get.json");
    System.out.println("| first answer after step | CPU ms, median | wall ms, median | runs |");
    System.out.println("|---|---|---|---|");
    try (DynamoDbEmulator dynamo = DynamoDbEmulator.inMemory()) {
      ColdStart.createConfigTable(dynamo);
      for (String step : steps) {
        ColdStart.Function function =
            new ColdStart.Function(
                "probe-" + step,
                "config-api",
                ProbeHandler.class.getName() + "::handleRequest",
                1024,
                event,
                event,
                "\"ok\":true",
                Map.of(
                    "PROBE_STEP",
                    step,
                    "AWS_ENDPOINT_URL",
                    dynamo.endpoint().toString(),
                    "NOOPS_CONFIG_TABLE",
                    "noops-config"));
        Path dir = Files.createDirectories(work.resolve("probe-" + step));
        List<Double> cpu = new ArrayList<>();
        List<Double> wall = new ArrayList<>();
        String failure = null;
        for (int i = 0; i <= runs; i++) {
          ColdStart.Run run =
              ColdStart.serve(function, jar, dir, toolOptions, event, "\"ok\":true", List.of());
          if (!run.ok()) {
            String why = run.failure();
            failure = why.length() > 200 ? why.substring(0, 200) + "…" : why;
          } else if (i > 0) {
            cpu.add(run.cpuMillis());
            wall.add(run.millis());
          }
        }
        System.out.printf(
            "| %s | %s | %s | %d%s |%n",
            step,
            median(cpu),
            median(wall),
            cpu.size(),
            failure == null ? "" : "; failed: " + failure);
      }
    }
  }

  private static String median(List<Double> values) {
    if (values.isEmpty()) {
      return "-";
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return String.format("%,.0f", sorted.get(sorted.size() / 2));
  }

  /** The config API's Lambda jar plus {@link ProbeHandler}. */
  static Path probeJar(Path lambdaJar, Path out) throws IOException {
    String probe = ProbeHandler.class.getName().replace('.', '/') + ".class";
    try (JarFile in = new JarFile(lambdaJar.toFile());
        JarOutputStream jar = new JarOutputStream(Files.newOutputStream(out))) {
      for (Enumeration<JarEntry> entries = in.entries(); entries.hasMoreElements(); ) {
        JarEntry entry = entries.nextElement();
        jar.putNextEntry(new JarEntry(entry.getName()));
        try (InputStream bytes = in.getInputStream(entry)) {
          bytes.transferTo(jar);
        }
        jar.closeEntry();
      }
      jar.putNextEntry(new JarEntry(probe));
      try (InputStream bytes = ProbeHandler.class.getClassLoader().getResourceAsStream(probe)) {
        bytes.transferTo(jar);
      }
      jar.closeEntry();
    }
    return out;
  }
}
