package dev.noops.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Runtime Interface Client test needs from {@code template.yaml}: a function's {@code
 * Handler}, its {@code MemorySize} and its {@code JAVA_TOOL_OPTIONS}, read as text (no YAML library
 * in the child's way), so that a test fails when the template names a handler the jar cannot serve.
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
    return read(moduleDir.toAbsolutePath().getParent().resolve("template.yaml"));
  }

  /** The template in {@code file}. */
  public static SamTemplate read(Path file) throws IOException {
    return parse(Files.readString(file));
  }

  /** The template {@code text}. */
  public static SamTemplate parse(String text) {
    return new SamTemplate(text.lines().toList());
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
    return withoutComment(matcher.group(1));
  }

  /** A plain YAML scalar ends where a comment begins: at a {@code #} after a blank. */
  private static String withoutComment(String value) {
    int comment = value.indexOf(" #");
    return comment < 0 ? value : value.substring(0, comment).strip();
  }

  /**
   * The {@code JAVA_TOOL_OPTIONS} the function {@code logicalId} runs with: its own (a function's
   * variables override the Globals' one by one), else the Globals'.
   */
  public String javaToolOptions(String logicalId) {
    for (int i = resource(logicalId) + 1; i < lines.size() && !startsResource(i); i++) {
      Matcher own = TOOL_OPTIONS.matcher(lines.get(i));
      if (own.matches()) {
        return withoutComment(own.group(1));
      }
    }
    return javaToolOptions();
  }

  private String property(String logicalId, String name) {
    for (int i = resource(logicalId) + 1; i < lines.size() && !startsResource(i); i++) {
      String line = lines.get(i).trim();
      if (line.startsWith(name + ":")) {
        return line.substring(name.length() + 1).trim();
      }
    }
    throw new IllegalArgumentException(logicalId + " has no " + name + " in template.yaml");
  }

  private int resource(String logicalId) {
    int start = lines.indexOf("  " + logicalId + ":");
    if (start < 0) {
      throw new IllegalArgumentException("template.yaml has no resource " + logicalId);
    }
    return start;
  }

  /** Whether line {@code i} begins the next resource (or section), ending the one before. */
  private boolean startsResource(int i) {
    return lines.get(i).matches("^  \\S.*") || lines.get(i).matches("^\\S.*");
  }
}
