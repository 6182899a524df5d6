package dev.noops.lambda.logging;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;

/**
 * One log line, byte for byte as logback's {@code JsonEncoder} wrote it for the functions (the
 * settings they used: no sequence number, nanoseconds, thread, context, raw message or arguments),
 * so queries and dashboards over the functions' own log groups read the same fields:
 *
 * <pre>{"timestamp":…,"level":"INFO","loggerName":"…","mdc": {…},"kvpList": […],
 * "formattedMessage":"…","throwable":null | {"className","message","stepArray",
 * "commonFramesCount","cause","suppressed"}}</pre>
 *
 * {@code kvpList} appears only when there are pairs; {@code commonFramesCount} only for a cause or
 * a suppressed throwable that shares frames with the one enclosing it, whose {@code stepArray} then
 * leaves those frames out. Strings are escaped as logback escapes them (control characters, quote,
 * backslash and slash); a null string is written as {@code "null"}.
 */
final class JsonLine {
  private JsonLine() {}

  static String render(
      long timestamp,
      Level level,
      String loggerName,
      Map<String, String> mdc,
      List<KeyValuePair> pairs,
      String message,
      Throwable throwable) {
    StringBuilder line = new StringBuilder(160);
    line.append("{\"timestamp\":").append(timestamp).append(',');
    member(line, "level", level.toString()).append(',');
    member(line, "loggerName", loggerName).append(',');
    line.append("\"mdc\": {");
    if (mdc != null) {
      boolean first = true;
      for (Map.Entry<String, String> entry : mdc.entrySet()) {
        if (!first) {
          line.append(',');
        }
        first = false;
        member(line, entry.getKey(), entry.getValue());
      }
    }
    line.append("},");
    if (!pairs.isEmpty()) {
      line.append("\"kvpList\": [");
      for (int i = 0; i < pairs.size(); i++) {
        if (i > 0) {
          line.append(',');
        }
        KeyValuePair pair = pairs.get(i);
        line.append('{');
        member(line, pair.key, String.valueOf(pair.value));
        line.append('}');
      }
      line.append("],");
    }
    member(line, "formattedMessage", message).append(',');
    line.append("\"throwable\":");
    if (throwable == null) {
      line.append("null");
    } else {
      throwable(
          line, throwable, null, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
    }
    return line.append("}\n").toString();
  }

  private static void throwable(
      StringBuilder line, Throwable thrown, StackTraceElement[] enclosing, Set<Throwable> seen) {
    seen.add(thrown);
    StackTraceElement[] trace = thrown.getStackTrace();
    int common = enclosing == null ? 0 : commonFrames(trace, enclosing);
    // the frames shared with the enclosing throwable are counted, not repeated (all of them are
    // written when every frame is shared)
    int shown = common < trace.length ? trace.length - common : trace.length;
    line.append('{');
    member(line, "className", thrown.getClass().getName()).append(',');
    member(line, "message", thrown.getMessage()).append(',');
    line.append("\"stepArray\":[");
    for (int i = 0; i < shown; i++) {
      if (i > 0) {
        line.append(',');
      }
      StackTraceElement step = trace[i];
      line.append('{');
      member(line, "className", step.getClassName()).append(',');
      member(line, "methodName", step.getMethodName()).append(',');
      member(line, "fileName", step.getFileName()).append(',');
      line.append("\"lineNumber\":").append(step.getLineNumber()).append('}');
    }
    line.append(']');
    if (common > 0) {
      line.append(",\"commonFramesCount\":").append(common);
    }
    Throwable cause = thrown.getCause();
    if (cause != null && !seen.contains(cause)) {
      line.append(",\"cause\":");
      throwable(line, cause, trace, seen);
    }
    Throwable[] suppressed = thrown.getSuppressed();
    if (suppressed.length > 0) {
      line.append(",\"suppressed\":[");
      boolean first = true;
      for (Throwable each : suppressed) {
        if (seen.contains(each)) {
          continue; // a cycle: written once
        }
        if (!first) {
          line.append(',');
        }
        first = false;
        throwable(line, each, trace, seen);
      }
      line.append(']');
    }
    line.append('}');
  }

  /** How many frames, counted from the bottom, {@code trace} shares with {@code enclosing}. */
  private static int commonFrames(StackTraceElement[] trace, StackTraceElement[] enclosing) {
    int common = 0;
    for (int i = trace.length - 1, j = enclosing.length - 1;
        i >= 0 && j >= 0 && trace[i].equals(enclosing[j]);
        i--, j--) {
      common++;
    }
    return common;
  }

  private static StringBuilder member(StringBuilder line, String name, String value) {
    line.append('"');
    escape(line, name);
    line.append("\":\"");
    escape(line, value == null ? "null" : value);
    return line.append('"');
  }

  private static void escape(StringBuilder line, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> line.append("\\\"");
        case '\\' -> line.append("\\\\");
        case '/' -> line.append("\\/");
        case '\b' -> line.append("\\b");
        case '\f' -> line.append("\\f");
        case '\n' -> line.append("\\n");
        case '\r' -> line.append("\\r");
        case '\t' -> line.append("\\t");
        default -> {
          if (c < 0x20) {
            line.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(hex(c & 0xF));
          } else {
            line.append(c);
          }
        }
      }
    }
  }

  private static char hex(int nibble) {
    return Character.toUpperCase(Character.forDigit(nibble, 16));
  }
}
