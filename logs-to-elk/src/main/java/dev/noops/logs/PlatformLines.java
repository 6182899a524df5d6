package dev.noops.logs;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lambda's own text lines: {@code START}, {@code END}, {@code REPORT}, {@code INIT_START}, {@code
 * INIT_REPORT}, {@code RESTORE_*}, {@code XRAY} and {@code Task timed out}. Fields are separated by
 * tabs in CloudWatch and by spaces in some copies, so both are accepted.
 */
final class PlatformLines {
  private static final Pattern STATUS = Pattern.compile("Status: ([A-Za-z_.]+)");
  private static final Pattern ERROR_TYPE =
      Pattern.compile("Error Type: ([^\\t\\n]+?)\\s*(?:\\t|\\n|$)");
  private static final Pattern TIMED_OUT =
      Pattern.compile("^(?:(\\S+)\\s+)?(\\S+)\\s+Task timed out after ([0-9.]+) seconds");

  private PlatformLines() {}

  /**
   * Fills {@code doc} and returns true when the line {@code message} holds (up to {@code end}, its
   * trailing newline left out) is one of Lambda's own lines.
   */
  static boolean parse(String message, int end, LogDocument.Builder doc) {
    if (message.startsWith("START RequestId: ")) {
      return fill(doc, "start", message, end);
    }
    if (message.startsWith("END RequestId: ")) {
      return fill(doc, "end", message, end);
    }
    if (message.startsWith("REPORT RequestId: ")) {
      fill(doc, "report", message, end);
      doc.report = report(doc.message);
      return true;
    }
    if (message.startsWith("INIT_START ")) {
      return fill(doc, "init_start", message, end);
    }
    if (message.startsWith("INIT_REPORT ")) {
      fill(doc, "init_report", message, end);
      doc.report = report(doc.message);
      return true;
    }
    if (message.startsWith("RESTORE_START ") || message.startsWith("RESTORE_REPORT ")) {
      fill(doc, null, message, end);
      doc.report = report(doc.message);
      return true;
    }
    if (message.startsWith("XRAY TraceId: ")) {
      return fill(doc, null, message, end);
    }
    if (message.contains("Task timed out after ")) {
      String line = EventParser.line(message, end);
      Matcher timedOut = TIMED_OUT.matcher(line);
      if (timedOut.find()) {
        doc.action = "timeout";
        doc.level = "ERROR";
        doc.requestId = timedOut.group(2);
        doc.message = line;
        return true;
      }
    }
    return false;
  }

  private static boolean fill(LogDocument.Builder doc, String action, String message, int end) {
    String line = EventParser.line(message, end);
    doc.action = action;
    doc.message = line;
    String requestId = tokenAfter(line, "RequestId: ");
    if (requestId != null) {
      doc.requestId = requestId;
    }
    String trace = tokenAfter(line, "XRAY TraceId: ");
    if (trace != null) {
      doc.traceId = trace;
    }
    return true;
  }

  /** The non-blank token after the first {@code label} ({@code label(\\S+)}), or null. */
  private static String tokenAfter(String line, String label) {
    int start = line.indexOf(label);
    if (start < 0) {
      return null;
    }
    start += label.length();
    int end = start;
    while (end < line.length() && !Character.isWhitespace(line.charAt(end))) {
      end++;
    }
    return end > start ? line.substring(start, end) : null;
  }

  static LambdaReport report(String line) {
    Double duration = null,
        billed = null,
        memory = null,
        maxMemory = null,
        init = null,
        restore = null;
    for (Figure figure = Figure.next(line, 0);
        figure != null;
        figure = Figure.next(line, figure.end())) {
      double value = figure.value();
      switch (figure.label()) {
        case "Duration" -> duration = value;
        case "Billed Duration" -> billed = value;
        case "Memory Size" -> memory = value;
        case "Max Memory Used" -> maxMemory = value;
        case "Init Duration" -> init = value;
        case "Restore Duration" -> restore = value;
        default -> {} // Billed Restore Duration: billed separately, not in the schema
      }
    }
    if (line.startsWith("INIT_REPORT ")) {
      init = duration == null ? init : duration;
      duration = null;
    }
    Matcher status = line.contains("Status: ") ? STATUS.matcher(line) : null;
    Matcher errorType = line.contains("Error Type: ") ? ERROR_TYPE.matcher(line) : null;
    return new LambdaReport(
        duration,
        billed,
        memory,
        maxMemory,
        init,
        restore,
        status != null && status.find() ? status.group(1).toLowerCase(java.util.Locale.ROOT) : null,
        errorType != null && errorType.find() ? errorType.group(1) : null);
  }

  /** 10^0 to 10^22: the powers of ten a double holds exactly. */
  private static final double[] POWERS = new double[23];

  static {
    POWERS[0] = 1;
    for (int i = 1; i < POWERS.length; i++) {
      POWERS[i] = POWERS[i - 1] * 10;
    }
  }

  /**
   * The number {@code line[start..end)} (digits, then optionally {@code '.'} and digits) as {@link
   * Double#parseDouble} reads it. With at most 15 digits and 22 after the point, the digits and the
   * power of ten are both exact doubles, so their quotient is the correctly rounded value {@link
   * Double#parseDouble} returns; any other number is left to it.
   */
  static double decimal(String line, int start, int end) {
    long digits = 0;
    int count = 0;
    int fraction = -1;
    for (int i = start; i < end; i++) {
      char c = line.charAt(i);
      if (c == '.') {
        fraction = 0;
      } else {
        digits = 10 * digits + (c - '0');
        count++;
        fraction += fraction >= 0 ? 1 : 0;
      }
    }
    if (count > 15 || fraction >= POWERS.length) {
      return Double.parseDouble(line.substring(start, end));
    }
    return fraction <= 0 ? digits : digits / POWERS[fraction];
  }

  /**
   * One {@code <label>: <number> ?(ms|MB)} of a report line, found without a regex (what {@code
   * FIGURE} describes): the longest label that ends at a {@code ": "}.
   */
  private record Figure(String label, double value, int end) {
    private static final String[] LABELS = {
      "Billed Restore Duration",
      "Restore Duration",
      "Billed Duration",
      "Init Duration",
      "Max Memory Used",
      "Memory Size",
      "Duration"
    };

    static Figure next(String line, int from) {
      for (int colon = line.indexOf(": ", from);
          colon >= 0;
          colon = line.indexOf(": ", colon + 1)) {
        String label = label(line, colon);
        if (label == null) {
          continue;
        }
        int start = colon + 2;
        int at = digits(line, start);
        if (at == start) {
          continue;
        }
        if (at + 1 < line.length() && line.charAt(at) == '.' && digits(line, at + 1) > at + 1) {
          at = digits(line, at + 1);
        }
        int unit = at < line.length() && line.charAt(at) == ' ' ? at + 1 : at;
        if (line.startsWith("ms", unit) || line.startsWith("MB", unit)) {
          return new Figure(label, decimal(line, start, at), unit + 2);
        }
      }
      return null;
    }

    private static String label(String line, int colon) {
      for (String label : LABELS) {
        if (colon >= label.length() && line.startsWith(label, colon - label.length())) {
          return label;
        }
      }
      return null;
    }

    private static int digits(String line, int at) {
      while (at < line.length() && line.charAt(at) >= '0' && line.charAt(at) <= '9') {
        at++;
      }
      return at;
    }
  }
}
