package dev.noops.logs;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds an error in a parsed line and fills {@code error.type}, {@code error.message}, {@code
 * error.stack_trace}: a Java exception with its {@code at} frames, Node.js's {@code Invoke Error}
 * JSON, a Python traceback, and JSON error records ({@code errorType}, {@code errorMessage}, {@code
 * stackTrace}/{@code stack}, as Lambda's runtimes write them). Also {@code log.logger} from JSON
 * ({@code logger}, {@code loggerName}, {@code logger_name}) or the log4j2 appender's {@code Class -
 * message}. Bounded: the regexes are anchored per line and the stack trace is the event's own text,
 * at most {@value #MAX_STACK} characters.
 */
final class ErrorFields {
  static final int MAX_STACK = 32_000;
  private static final Pattern JAVA =
      Pattern.compile(
          "^(?:Exception in thread \"[^\"]*\""
              + " )?((?:[a-zA-Z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error|Throwable))(?::\\s*(.*))?$",
          Pattern.MULTILINE);
  private static final Pattern PYTHON_LAST =
      Pattern.compile(
          "^([A-Za-z_][\\w.]*(?:Error|Exception|Interrupt|Exit|Warning))(?::\\s*(.*))?$",
          Pattern.MULTILINE);
  private static final int MAX_LOGGER = 201;
  private static final String TRACEBACK = "Traceback (most recent call last):";
  private static final String INVOKE_ERROR = "Invoke Error";
  private static final List<String> LOGGER_KEYS = List.of("logger", "loggerName", "logger_name");

  private final JsonTrees trees;

  ErrorFields(JsonTrees trees) {
    this.trees = trees;
  }

  /** Looks at the line's text after any runtime prefix ({@code body}) and the document so far. */
  void find(String body, LogDocument.Builder doc) {
    logger(body, doc);
    if (doc.errorType != null || "report".equals(doc.action)) {
      return;
    }
    if (!fromJson(doc.json, doc) && !invokeError(body, doc) && !python(body, doc)) {
      java(body, doc);
    }
  }

  private static void logger(String body, LogDocument.Builder doc) {
    for (String key : LOGGER_KEYS) {
      if (doc.json.get(key) instanceof String logger) {
        doc.logger = logger;
        return;
      }
    }
    if (doc.json.isEmpty()) {
      doc.logger = log4j2Logger(body);
    }
  }

  /**
   * {@code Class - message}: the logger name at the start of {@code body} (a letter, {@code _} or
   * {@code $}, then at most 200 of {@code [A-Za-z0-9_.$]}) when {@code " - "} follows it, else
   * null. Scanned by hand: every line without JSON is looked at.
   */
  static String log4j2Logger(String body) {
    if (body.isEmpty() || !(asciiLetter(body.charAt(0)) || isIn(body.charAt(0), "_$"))) {
      return null;
    }
    int end = 1;
    int max = Math.min(body.length(), MAX_LOGGER);
    while (end < max && loggerChar(body.charAt(end))) {
      end++;
    }
    return body.startsWith(" - ", end) ? body.substring(0, end) : null;
  }

  private static boolean loggerChar(char c) {
    return asciiLetter(c) || (c >= '0' && c <= '9') || isIn(c, "_.$");
  }

  private static boolean asciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isIn(char c, String chars) {
    return chars.indexOf(c) >= 0;
  }

  /**
   * Whether a line of {@code text} is a Java stack frame: what {@code ^\s+at \S} (multi-line)
   * finds, by hand: each {@code "at "} followed by a non-space is checked for whitespace back to a
   * line start.
   */
  static boolean hasJavaFrame(String text) {
    for (int at = text.indexOf("at "); at >= 0; at = text.indexOf("at ", at + 1)) {
      if (at + 3 < text.length() && !space(text.charAt(at + 3)) && indented(text, at)) {
        return true;
      }
    }
    return false;
  }

  /**
   * At least one whitespace character before {@code at}, and a line start within that run (a line
   * start as the regex's {@code ^} knows it: not between {@code \r} and {@code \n}).
   */
  private static boolean indented(String text, int at) {
    int p = at - 1;
    if (p < 0 || !space(text.charAt(p))) {
      return false;
    }
    while (p > 0) {
      char before = text.charAt(p - 1);
      if (before == '\n'
          || before == '\u0085'
          || before == '\u2028'
          || before == '\u2029'
          || (before == '\r' && text.charAt(p) != '\n')) {
        return true;
      }
      if (!space(before)) {
        return false;
      }
      p--;
    }
    return true;
  }

  /** {@code \s} of a regex without UNICODE_CHARACTER_CLASS. */
  private static boolean space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  private static boolean fromJson(Map<String, Object> json, LogDocument.Builder doc) {
    if (!(json.get("errorType") instanceof String type)) {
      return false;
    }
    doc.errorType = type;
    doc.errorMessage = json.get("errorMessage") instanceof String message ? message : null;
    Object stack = json.containsKey("stackTrace") ? json.get("stackTrace") : json.get("stack");
    if (stack instanceof List<?> frames) {
      doc.stackTrace = cap(String.join("\n", frames.stream().map(String::valueOf).toList()));
    } else if (stack instanceof String text) {
      doc.stackTrace = cap(text);
    }
    return true;
  }

  private boolean invokeError(String body, LogDocument.Builder doc) {
    if (!body.startsWith(INVOKE_ERROR) || doc.json.containsKey("errorType")) {
      return false;
    }
    int brace = body.indexOf('{');
    if (brace < 0) {
      return false;
    }
    // Node.js: "Invoke Error \t{"errorType":...,"stack":[...]}": the JSON was not read as the
    // line's own
    try {
      JsonNode node = trees.mapper().readTree(body.substring(brace));
      return node != null
          && node.isObject()
          && fromJson(JsonFlattener.flatten(node, List.of()), doc);
    } catch (IOException | IllegalArgumentException e) {
      return false; // not JSON after all: the line stays a plain message
    }
  }

  private static boolean python(String body, LogDocument.Builder doc) {
    int traceback = body.indexOf(TRACEBACK);
    if (traceback < 0) {
      return false;
    }
    String trace = body.substring(traceback);
    Matcher last = PYTHON_LAST.matcher(trace);
    String type = null;
    String message = null;
    while (last.find()) {
      type = last.group(1);
      message = last.group(2);
    }
    if (type == null) {
      Matcher first =
          PYTHON_LAST.matcher(
              firstLine(
                  body.startsWith("[") ? body.substring(body.indexOf(']') + 1).strip() : body));
      if (first.find()) {
        type = first.group(1);
        message = first.group(2);
      }
    }
    doc.errorType = type == null ? "Traceback" : type;
    doc.errorMessage = message;
    doc.stackTrace = cap(trace);
    return true;
  }

  private static void java(String body, LogDocument.Builder doc) {
    if (!hasJavaFrame(body)) {
      return;
    }
    Matcher exception = JAVA.matcher(body);
    if (exception.find()) {
      doc.errorType = exception.group(1);
      doc.errorMessage = exception.group(2);
      doc.stackTrace = cap(body.substring(exception.start()));
    }
  }

  private static String firstLine(String text) {
    int end = text.indexOf('\n');
    return end < 0 ? text : text.substring(0, end);
  }

  private static String cap(String text) {
    return text.length() > MAX_STACK ? text.substring(0, MAX_STACK) : text;
  }
}
