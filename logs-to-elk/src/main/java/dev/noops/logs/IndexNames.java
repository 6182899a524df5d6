package dev.noops.logs;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Daily index names {@code <prefix>-yyyy.MM.dd} and {@code <prefix>-failed-yyyy.MM.dd} (UTC), or a data stream. */
record IndexNames(String prefix, boolean dataStream) {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy.MM.dd").withZone(ZoneOffset.UTC);

  /** Where a document with this event time goes: a daily index, or the data stream named {@code prefix}. */
  String forEvent(long epochMillis) {
    return dataStream ? prefix : prefix + "-" + DAY.format(Instant.ofEpochMilli(epochMillis));
  }

  /** The daily dead-letter index (always a plain index, also in data-stream mode). */
  String deadLetter(long epochMillis) {
    return prefix + "-failed-" + DAY.format(Instant.ofEpochMilli(epochMillis));
  }

  /** The bulk operation: {@code index} overwrites by id; data streams only accept {@code create}. */
  String operation(BulkItem item) {
    return dataStream && !item.isDeadLetter() ? "create" : "index";
  }
}
