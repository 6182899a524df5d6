package dev.noops.bench.harness;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Child JVMs: the same java as this one, output to a log file, a hard time limit, wall time
 * measured.
 */
final class Children {
  /** How a child ended, and how long the whole process took from start to exit. */
  record Outcome(int exitCode, long wallNanos) {
    boolean ok() {
      return exitCode == 0;
    }
  }

  private Children() {}

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static Outcome run(
      List<String> jvmArgs,
      String classpath,
      String mainClass,
      List<String> args,
      Map<String, String> env,
      Path log,
      long timeoutSeconds)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(java());
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    builder.environment().remove("JDK_JAVA_OPTIONS");
    builder.environment().putAll(env);
    long start = System.nanoTime();
    Process process = builder.start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      return new Outcome(-1, System.nanoTime() - start);
    }
    return new Outcome(process.exitValue(), System.nanoTime() - start);
  }

  static String classpath(Path... entries) {
    return String.join(
        File.pathSeparator, java.util.Arrays.stream(entries).map(Path::toString).toList());
  }
}
