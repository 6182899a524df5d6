package dev.noops.logs;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which application lines are shipped: a minimum {@code log.level} ({@code FILTER_MIN_LEVEL}), a
 * regex the message must contain ({@code FILTER_INCLUDE}) and one it must not ({@code
 * FILTER_EXCLUDE}). Lambda's own records ({@code START}, {@code END}, {@code REPORT}, timeouts,
 * MONITORING metrics: every document with an {@code event.action}) are always kept, as are lines
 * without a level when only the level is set. Dropped lines are counted, never silent.
 */
final class EventFilter {
  static final EventFilter NONE = new EventFilter(null, null, -1);
  private static final List<String> LEVELS =
      List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL");

  private final Pattern include;
  private final Pattern exclude;
  private final int minLevel;

  private EventFilter(Pattern include, Pattern exclude, int minLevel) {
    this.include = include;
    this.exclude = exclude;
    this.minLevel = minLevel;
  }

  /**
   * A filter from the settings (each may be null).
   *
   * @throws ConfigException naming the setting that is not a regex or not a level
   */
  static EventFilter of(String include, String exclude, String minLevel) {
    if (include == null && exclude == null && minLevel == null) {
      return NONE;
    }
    int level = -1;
    if (minLevel != null) {
      level = rank(minLevel);
      if (level < 0) {
        throw new ConfigException("FILTER_MIN_LEVEL must be one of " + LEVELS + ": " + minLevel);
      }
    }
    return new EventFilter(
        regex("FILTER_INCLUDE", include), regex("FILTER_EXCLUDE", exclude), level);
  }

  boolean active() {
    return this != NONE;
  }

  /** Whether {@code doc} is shipped. */
  boolean keeps(LogDocument doc) {
    if (doc.action() != null) {
      return true;
    }
    if (minLevel >= 0 && doc.level() != null) {
      int level = rank(doc.level());
      if (level >= 0 && level < minLevel) {
        return false;
      }
    }
    String message = doc.message() == null ? "" : doc.message();
    if (include != null && !include.matcher(message).find()) {
      return false;
    }
    return exclude == null || !exclude.matcher(message).find();
  }

  private static int rank(String level) {
    String upper = level.toUpperCase(Locale.ROOT);
    return switch (upper) {
      case "WARNING" -> LEVELS.indexOf("WARN");
      case "CRITICAL" -> LEVELS.indexOf("FATAL");
      default -> LEVELS.indexOf(upper);
    };
  }

  private static Pattern regex(String name, String value) {
    if (value == null) {
      return null;
    }
    try {
      return Pattern.compile(value);
    } catch (PatternSyntaxException e) {
      throw new ConfigException(name + " is not a valid regex: " + e.getDescription());
    }
  }
}
