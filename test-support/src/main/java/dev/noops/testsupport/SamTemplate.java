package dev.noops.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Runtime Interface Client test needs from {@code template.yaml}: a function's {@code
 * Handler}, its {@code MemorySize} and the global {@code JAVA_TOOL_OPTIONS}, read as text (no YAML
 * library in the child's way), so that a test fails when the template names a handler the jar
 * cannot serve.
 */
public final class SamTemplate {
  private static final Pattern TOOL_OPTIONS =
      Pattern.compile("^\\s*JAVA_TOOL_OPTIONS:\\s*(.+?)\\s*$", Pattern.MULTILINE);

  private final List<String> lines;

  private SamTemplate(List<String> lines) {
    this.lines = lines;
  }

  /**
   * The template of the repository that holds {@code moduleDir} (its parent folder's
   * template.yaml).
   */
  public static SamTemplate of(Path moduleDir) throws IOException {
    Path file = moduleDir.toAbsolutePath().getParent().resolve("template.yaml");
    return new SamTemplate(Files.readAllLines(file));
  }

  /** {@code Handler} of the resource {@code logicalId} (e.g. {@code ShipperFunction}). */
  public String handler(String logicalId) {
    return property(logicalId, "Handler");
  }

  /** {@code MemorySize} of the resource {@code logicalId}, in MB. */
  public int memoryMb(String logicalId) {
    return Integer.parseInt(property(logicalId, "MemorySize"));
  }

  /** The first {@code JAVA_TOOL_OPTIONS} of the template (its Globals). */
  public String javaToolOptions() {
    Matcher matcher = TOOL_OPTIONS.matcher(String.join("\n", lines));
    if (!matcher.find()) {
      throw new IllegalStateException("template.yaml sets no JAVA_TOOL_OPTIONS");
    }
    return matcher.group(1);
  }

  private String property(String logicalId, String name) {
    int start = lines.indexOf("  " + logicalId + ":");
    if (start < 0) {
      throw new IllegalArgumentException("template.yaml has no resource " + logicalId);
    }
    for (int i = start + 1; i < lines.size() && !lines.get(i).matches("^  \\S.*"); i++) {
      String line = lines.get(i).trim();
      if (line.startsWith(name + ":")) {
        return line.substring(name.length() + 1).trim();
      }
    }
    throw new IllegalArgumentException(logicalId + " has no " + name + " in template.yaml");
  }
}
