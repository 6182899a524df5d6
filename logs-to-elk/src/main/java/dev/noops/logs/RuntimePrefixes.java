package dev.noops.logs;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text prefixes Lambda runtimes put before an application message: Node.js
 * ({@code <ISO ts>\t<requestId>\t<LEVEL>\t}), Python logging ({@code [LEVEL]\t<ts>\t<requestId>\t})
 * and Java's log4j2 Lambda appender ({@code yyyy-MM-dd HH:mm:ss <requestId> LEVEL }).
 */
final class RuntimePrefixes {
  private static final String LEVELS = "(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL|CRITICAL)";
  private static final Pattern NODE = Pattern.compile(
      "^(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?Z)\\t(\\S+)\\t" + LEVELS + "\\t", Pattern.CASE_INSENSITIVE);
  private static final Pattern PYTHON = Pattern.compile(
      "^\\[" + LEVELS + "\\]\\s+(\\d{4}-\\d\\d-\\d\\dT\\S+)\\s+(\\S+)\\s+", Pattern.CASE_INSENSITIVE);
  private static final Pattern LOG4J2 = Pattern.compile(
      "^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(?:[.,]\\d+)?) (?:(\\S+) )?" + LEVELS + "\\s+");

  private RuntimePrefixes() {}

  /** Strips a known prefix into {@code doc} and returns the rest, or null when there is none. */
  static String strip(String line, LogDocument.Builder doc) {
    char first = line.isEmpty() ? ' ' : line.charAt(0);
    if (first == '[') {
      Matcher python = PYTHON.matcher(line);
      if (python.find()) {
        return take(doc, python, python.group(1), python.group(3), line);
      }
    } else if (first >= '0' && first <= '9') {
      Matcher node = NODE.matcher(line);
      if (node.find()) {
        return take(doc, node, node.group(3), node.group(2), line);
      }
      Matcher log4j2 = LOG4J2.matcher(line);
      if (log4j2.find()) {
        return take(doc, log4j2, log4j2.group(3), log4j2.group(2), line);
      }
    }
    return null;
  }

  private static String take(LogDocument.Builder doc, Matcher matcher, String level, String requestId, String line) {
    doc.level = normalLevel(level);
    if (requestId != null && !requestId.equals("undefined") && !requestId.isEmpty()) {
      doc.requestId = requestId;
    }
    return line.substring(matcher.end());
  }

  /** ECS keeps the original level; only its case is normalised, so one filter finds it. */
  static String normalLevel(String level) {
    return level.toUpperCase(Locale.ROOT);
  }
}
