package dev.noops.bench.harness;

import dev.noops.testsupport.SamTemplate;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Prints the {@code JAVA_TOOL_OPTIONS} a function of the template runs with (its own, else the
 * Globals'), so that a benchmark of a warm function runs the JIT Lambda runs.
 *
 * <p>Usage: {@code FunctionJvmOptions TEMPLATE LOGICAL_ID}
 */
public final class FunctionJvmOptions {
  private FunctionJvmOptions() {}

  public static void main(String[] args) throws IOException {
    System.out.println(SamTemplate.read(Path.of(args[0])).javaToolOptions(args[1]));
  }
}
