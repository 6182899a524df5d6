package dev.noops.lambda.logging;

import java.util.Locale;
import java.util.Map;
import org.slf4j.event.Level;

/**
 * The threshold of each logger: the root level for all, {@code WARN} for the AWS SDK's loggers (its
 * INFO and DEBUG lines are its business, not the function's).
 */
record Levels(Level root) {
  static final String SDK_PREFIX = "software.amazon.awssdk";

  /** {@code NOOPS_LOG_LEVEL} (case-insensitive), else {@code INFO}: a typo must not silence. */
  static Levels fromEnvironment(Map<String, String> env) {
    return new Levels(level(env.get("NOOPS_LOG_LEVEL")));
  }

  static Level level(String name) {
    if (name == null || name.isBlank()) {
      return Level.INFO;
    }
    return switch (name.trim().toUpperCase(Locale.ROOT)) {
      case "TRACE", "ALL" -> Level.TRACE;
      case "DEBUG" -> Level.DEBUG;
      case "WARN" -> Level.WARN;
      case "ERROR" -> Level.ERROR;
      default -> Level.INFO;
    };
  }

  /** The lowest level {@code loggerName} writes. */
  Level threshold(String loggerName) {
    boolean sdk =
        loggerName.startsWith(SDK_PREFIX)
            && (loggerName.length() == SDK_PREFIX.length()
                || loggerName.charAt(SDK_PREFIX.length()) == '.');
    return sdk && root.toInt() < Level.WARN.toInt() ? Level.WARN : root;
  }
}
