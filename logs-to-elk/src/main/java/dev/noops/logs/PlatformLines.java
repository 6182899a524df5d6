package dev.noops.logs;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lambda's own text lines: {@code START}, {@code END}, {@code REPORT}, {@code INIT_START},
 * {@code INIT_REPORT}, {@code RESTORE_*}, {@code XRAY} and {@code Task timed out}. Fields are
 * separated by tabs in CloudWatch and by spaces in some copies, so both are accepted.
 */
final class PlatformLines {
  private static final Pattern REQUEST_ID = Pattern.compile("RequestId: (\\S+)");
  private static final Pattern FIGURE = Pattern.compile(
      "(Billed Restore Duration|Restore Duration|Billed Duration|Init Duration|Max Memory Used|Memory Size|Duration):"
          + " ([0-9]+(?:\\.[0-9]+)?) ?(?:ms|MB)");
  private static final Pattern STATUS = Pattern.compile("Status: ([A-Za-z_.]+)");
  private static final Pattern ERROR_TYPE = Pattern.compile("Error Type: ([^\\t\\n]+?)\\s*(?:\\t|\\n|$)");
  private static final Pattern TRACE = Pattern.compile("XRAY TraceId: (\\S+)");
  private static final Pattern TIMED_OUT = Pattern.compile(
      "^(?:(\\S+)\\s+)?(\\S+)\\s+Task timed out after ([0-9.]+) seconds");

  private PlatformLines() {}

  /** Fills {@code doc} and returns true when {@code line} is one of Lambda's own lines. */
  static boolean parse(String line, LogDocument.Builder doc) {
    if (line.startsWith("START RequestId: ")) {
      return fill(doc, "start", line);
    }
    if (line.startsWith("END RequestId: ")) {
      return fill(doc, "end", line);
    }
    if (line.startsWith("REPORT RequestId: ")) {
      fill(doc, "report", line);
      doc.report = report(line);
      return true;
    }
    if (line.startsWith("INIT_START ")) {
      return fill(doc, "init_start", line);
    }
    if (line.startsWith("INIT_REPORT ")) {
      fill(doc, "init_report", line);
      doc.report = report(line);
      return true;
    }
    if (line.startsWith("RESTORE_START ") || line.startsWith("RESTORE_REPORT ")) {
      fill(doc, null, line);
      doc.report = report(line);
      return true;
    }
    if (line.startsWith("XRAY TraceId: ")) {
      return fill(doc, null, line);
    }
    if (line.contains("Task timed out after ")) {
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

  private static boolean fill(LogDocument.Builder doc, String action, String line) {
    doc.action = action;
    doc.message = line;
    Matcher requestId = REQUEST_ID.matcher(line);
    if (requestId.find()) {
      doc.requestId = requestId.group(1);
    }
    Matcher trace = TRACE.matcher(line);
    if (trace.find()) {
      doc.traceId = trace.group(1);
    }
    return true;
  }

  static LambdaReport report(String line) {
    Double duration = null, billed = null, memory = null, maxMemory = null, init = null, restore = null;
    Matcher figure = FIGURE.matcher(line);
    while (figure.find()) {
      double value = Double.parseDouble(figure.group(2));
      switch (figure.group(1)) {
        case "Duration" -> duration = value;
        case "Billed Duration" -> billed = value;
        case "Memory Size" -> memory = value;
        case "Max Memory Used" -> maxMemory = value;
        case "Init Duration" -> init = value;
        case "Restore Duration" -> restore = value;
        default -> { } // Billed Restore Duration: billed separately, not in the schema
      }
    }
    if (line.startsWith("INIT_REPORT ")) {
      init = duration == null ? init : duration;
      duration = null;
    }
    Matcher status = STATUS.matcher(line);
    Matcher errorType = ERROR_TYPE.matcher(line);
    return new LambdaReport(duration, billed, memory, maxMemory, init, restore,
        status.find() ? status.group(1).toLowerCase(java.util.Locale.ROOT) : null,
        errorType.find() ? errorType.group(1) : null);
  }
}
