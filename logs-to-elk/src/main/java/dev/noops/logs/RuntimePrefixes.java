package dev.noops.logs;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text prefixes Lambda runtimes put before an application message: Node.js ({@code <ISO
 * ts>\t<requestId>\t<LEVEL>\t}), Python logging ({@code [LEVEL]\t<ts>\t<requestId>\t}) and Java's
 * log4j2 Lambda appender ({@code yyyy-MM-dd HH:mm:ss <requestId> LEVEL }).
 */
final class RuntimePrefixes {
  private static final String LEVELS = "(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL|CRITICAL)";
  private static final Pattern NODE =
      Pattern.compile(
          "^(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?Z)\\t(\\S+)\\t" + LEVELS + "\\t",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern PYTHON =
      Pattern.compile(
          "^\\[" + LEVELS + "\\]\\s+(\\d{4}-\\d\\d-\\d\\dT\\S+)\\s+(\\S+)\\s+",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern LOG4J2 =
      Pattern.compile(
          "^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(?:[.,]\\d+)?) (?:(\\S+) )?"
              + LEVELS
              + "\\s+");

  private RuntimePrefixes() {}

  /**
   * Strips a known prefix of the line {@code message} holds (up to {@code end}) into {@code doc}
   * and returns the rest of the line, or null when there is none.
   */
  static String strip(String message, int end, LogDocument.Builder doc) {
    char first = message.isEmpty() ? ' ' : message.charAt(0);
    if (first == '[') {
      String line = EventParser.line(message, end);
      Matcher python = PYTHON.matcher(line);
      if (python.find()) {
        return take(doc, python, python.group(1), python.group(3), line);
      }
    } else if (first >= '0' && first <= '9') {
      String rest = node(message, end, doc);
      if (rest != null) {
        return rest;
      }
      String line = EventParser.line(message, end);
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

  private static String take(
      LogDocument.Builder doc, Matcher matcher, String level, String requestId, String line) {
    return take(doc, level, requestId, line, matcher.end(), line.length());
  }

  /**
   * The level and request id into {@code doc}; the rest of the line, {@code from} to {@code end}.
   */
  private static String take(
      LogDocument.Builder doc, String level, String requestId, String line, int from, int end) {
    doc.level = normalLevel(level);
    if (requestId != null && !requestId.equals("undefined") && !requestId.isEmpty()) {
      doc.requestId = requestId;
    }
    return line.substring(from, end);
  }

  /**
   * The Node.js prefix without a regex (a third of all lines carry it): the same grammar as {@link
   * #NODE}; null when the line does not match it exactly, and the regexes decide.
   */
  private static String node(String line, int end, LogDocument.Builder doc) {
    int at = isoTimestampEnd(line, end);
    if (at < 0 || at >= end || line.charAt(at) != '\t') {
      return null;
    }
    int idStart = at + 1;
    int idEnd = idStart;
    while (idEnd < end && !Character.isWhitespace(line.charAt(idEnd))) {
      idEnd++;
    }
    if (idEnd == idStart || idEnd >= end || line.charAt(idEnd) != '\t') {
      return null;
    }
    int levelEnd = line.indexOf('\t', idEnd + 1);
    if (levelEnd < 0 || levelEnd >= end) {
      return null;
    }
    String level = level(line, idEnd + 1, levelEnd);
    if (level == null) {
      return null;
    }
    return take(doc, level, line.substring(idStart, idEnd), line, levelEnd + 1, end);
  }

  /** The index after {@code yyyy-MM-ddTHH:mm:ss(.f+)?Z} at the start of {@code line}, or -1. */
  private static int isoTimestampEnd(String line, int end) {
    if (end < 20
        || !digits(line, 0, 4)
        || line.charAt(4) != '-'
        || !digits(line, 5, 7)
        || line.charAt(7) != '-'
        || !digits(line, 8, 10)
        || (line.charAt(10) != 'T' && line.charAt(10) != 't')
        || !digits(line, 11, 13)
        || line.charAt(13) != ':'
        || !digits(line, 14, 16)
        || line.charAt(16) != ':'
        || !digits(line, 17, 19)) {
      return -1;
    }
    int at = 19;
    if (line.charAt(at) == '.') {
      int digits = ++at;
      while (at < end && isDigit(line.charAt(at))) {
        at++;
      }
      if (at == digits) {
        return -1;
      }
    }
    return at < end && (line.charAt(at) == 'Z' || line.charAt(at) == 'z') ? at + 1 : -1;
  }

  private static boolean digits(String line, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!isDigit(line.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * The level between {@code from} and {@code to} in upper case, the same string each time, or null
   * when it is not one the {@link #NODE} grammar knows.
   */
  private static String level(String line, int from, int to) {
    for (String level : NODE_LEVELS) {
      if (to - from == level.length() && line.regionMatches(true, from, level, 0, level.length())) {
        return level;
      }
    }
    return null;
  }

  private static final String[] NODE_LEVELS = {
    "INFO", "WARN", "DEBUG", "ERROR", "TRACE", "FATAL", "WARNING", "CRITICAL"
  };

  /** ECS keeps the original level; only its case is normalised, so one filter finds it. */
  static String normalLevel(String level) {
    return level.toUpperCase(Locale.ROOT);
  }
}
