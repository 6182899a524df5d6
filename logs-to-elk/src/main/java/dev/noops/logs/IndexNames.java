package dev.noops.logs;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Daily index names {@code <prefix>-yyyy.MM.dd} and {@code <prefix>-failed-yyyy.MM.dd} (UTC), or a
 * data stream. Not thread-safe (it remembers the last day's name): one per shipper.
 */
final class IndexNames {
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy.MM.dd").withZone(ZoneOffset.UTC);
  private static final long DAY_MILLIS = 86_400_000L;

  private final String prefix;
  private final boolean dataStream;
  private long lastDay = Long.MIN_VALUE;
  private String lastName;

  IndexNames(String prefix, boolean dataStream) {
    this.prefix = prefix;
    this.dataStream = dataStream;
  }

  String prefix() {
    return prefix;
  }

  boolean dataStream() {
    return dataStream;
  }

  /**
   * Where a document with this event time goes: a daily index, or the data stream named {@code
   * prefix}.
   */
  String forEvent(long epochMillis) {
    if (dataStream) {
      return prefix;
    }
    long day = Math.floorDiv(epochMillis, DAY_MILLIS);
    if (day != lastDay) { // a payload's events share their day: one name, not one per event
      lastName = prefix + "-" + DAY.format(Instant.ofEpochMilli(epochMillis));
      lastDay = day;
    }
    return lastName;
  }

  /** The daily dead-letter index (always a plain index, also in data-stream mode). */
  String deadLetter(long epochMillis) {
    return prefix + "-failed-" + DAY.format(Instant.ofEpochMilli(epochMillis));
  }

  /**
   * The bulk operation: {@code index} overwrites by id; data streams only accept {@code create}.
   */
  String operation(BulkItem item) {
    return operation(item.isDeadLetter());
  }

  String operation(boolean deadLetter) {
    return dataStream && !deadLetter ? "create" : "index";
  }
}
