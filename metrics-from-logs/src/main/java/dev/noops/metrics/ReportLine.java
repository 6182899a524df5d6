package dev.noops.metrics;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures of a Lambda platform report that become the optional per-function metrics: the text
 * {@code REPORT RequestId: ...} line, or, in Lambda's JSON log format, a {@code platform.report}
 * record ({@code record.metrics.durationMs}, {@code record.metrics.memorySizeMB}, {@code
 * record.metrics.maxMemoryUsedMB}, {@code record.metrics.initDurationMs}, {@code record.status}) or
 * a {@code platform.initReport} record ({@code initOnly}: {@code record.metrics.durationMs} and
 * {@code record.status} of the init phase).
 */
record ReportLine(
    double durationMs,
    double memorySizeMb,
    double maxMemoryUsedMb,
    Double initDurationMs,
    String status,
    boolean initOnly) {
  // the look-behinds keep "Billed Duration" and "Init Duration" from answering for "Duration"
  private static final Pattern DURATION = field("(?<!Billed )(?<!Init )Duration", "ms");
  private static final Pattern MEMORY_SIZE = field("Memory Size", "MB");
  private static final Pattern MAX_MEMORY = field("Max Memory Used", "MB");
  private static final Pattern INIT_DURATION = field("Init Duration", "ms");
  private static final Pattern STATUS = Pattern.compile("\\bStatus: (\\w+)");

  /** A platform record is a few hundred bytes: anything far larger is not one and is not parsed. */
  private static final int MAX_JSON_RECORD = 16_384;

  static Optional<ReportLine> parse(String message) {
    if (message.startsWith("{")) {
      return message.length() <= MAX_JSON_RECORD && message.contains("\"platform.")
          ? json(message)
          : Optional.empty();
    }
    if (!message.startsWith("REPORT RequestId:")) {
      return Optional.empty();
    }
    Double duration = number(DURATION, message);
    Double memorySize = number(MEMORY_SIZE, message);
    Double maxMemory = number(MAX_MEMORY, message);
    if (duration == null || memorySize == null || maxMemory == null || memorySize <= 0) {
      return Optional.empty();
    }
    Matcher status = STATUS.matcher(message);
    return Optional.of(
        new ReportLine(
            duration,
            memorySize,
            maxMemory,
            number(INIT_DURATION, message),
            status.find() ? status.group(1) : "success",
            false));
  }

  private static Optional<ReportLine> json(String message) {
    Object root = JsonTree.parse(message).orElse(null);
    Object type = JsonTree.at(root, "type");
    Object status = JsonTree.at(root, "record", "status");
    String statusText = status instanceof String s ? s : "success";
    Double duration =
        JsonTree.at(root, "record", "metrics", "durationMs") instanceof Double d ? d : null;
    if (duration == null) {
      return Optional.empty();
    }
    if ("platform.initReport".equals(type)) {
      return Optional.of(new ReportLine(duration, 0, 0, null, statusText, true));
    }
    if (!"platform.report".equals(type)) {
      return Optional.empty();
    }
    Double memorySize =
        JsonTree.at(root, "record", "metrics", "memorySizeMB") instanceof Double d ? d : null;
    Double maxMemory =
        JsonTree.at(root, "record", "metrics", "maxMemoryUsedMB") instanceof Double d ? d : null;
    Double init =
        JsonTree.at(root, "record", "metrics", "initDurationMs") instanceof Double d ? d : null;
    if (memorySize == null || maxMemory == null || !(memorySize > 0)) {
      return Optional.empty();
    }
    return Optional.of(new ReportLine(duration, memorySize, maxMemory, init, statusText, false));
  }

  private static Pattern field(String label, String unit) {
    return Pattern.compile(label + ": (\\d+(?:\\.\\d+)?) " + unit);
  }

  private static Double number(Pattern pattern, String message) {
    Matcher matcher = pattern.matcher(message);
    return matcher.find() ? Double.valueOf(matcher.group(1)) : null;
  }
}
