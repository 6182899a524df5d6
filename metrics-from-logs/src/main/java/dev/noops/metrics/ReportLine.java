package dev.noops.metrics;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures of a Lambda platform {@code REPORT RequestId: ...} text line that become the optional
 * per-function metrics.
 */
record ReportLine(double durationMs, double memorySizeMb, double maxMemoryUsedMb, Double initDurationMs, String status) {
  // the look-behinds keep "Billed Duration" and "Init Duration" from answering for "Duration"
  private static final Pattern DURATION = field("(?<!Billed )(?<!Init )Duration", "ms");
  private static final Pattern MEMORY_SIZE = field("Memory Size", "MB");
  private static final Pattern MAX_MEMORY = field("Max Memory Used", "MB");
  private static final Pattern INIT_DURATION = field("Init Duration", "ms");
  private static final Pattern STATUS = Pattern.compile("\\bStatus: (\\w+)");

  static Optional<ReportLine> parse(String message) {
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
    return Optional.of(new ReportLine(duration, memorySize, maxMemory, number(INIT_DURATION, message),
        status.find() ? status.group(1) : "success"));
  }

  private static Pattern field(String label, String unit) {
    return Pattern.compile(label + ": (\\d+(?:\\.\\d+)?) " + unit);
  }

  private static Double number(Pattern pattern, String message) {
    Matcher matcher = pattern.matcher(message);
    return matcher.find() ? Double.valueOf(matcher.group(1)) : null;
  }
}
