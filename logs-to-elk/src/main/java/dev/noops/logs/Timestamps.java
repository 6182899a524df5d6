package dev.noops.logs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Formats epoch milliseconds as {@code yyyy-MM-ddTHH:mm:ss.SSSZ} (UTC) into a byte array as ASCII
 * without allocating: the date part is computed once per day (a payload's events share their day).
 * Years outside 0000..9999 fall back to {@link DocumentWriter#TIMESTAMP}, whose text for them is
 * longer (up to {@value #MAX_LENGTH} bytes, e.g. {@code +10000-01-01T00:00:00.000Z}).
 */
final class Timestamps {
  static final int LENGTH = 24;
  static final int MAX_LENGTH = 40;
  private static final long DAY = 86_400_000L;
  private static final long MIN = -62_167_219_200_000L; // 0000-01-01T00:00:00Z
  private static final long MAX = 253_402_300_799_999L; // 9999-12-31T23:59:59.999Z

  private long day = Long.MIN_VALUE;
  private final byte[] date = new byte[11];

  /**
   * Writes the timestamp into {@code out} (at least {@value #MAX_LENGTH} bytes long) and returns
   * its length.
   */
  int format(long millis, byte[] out) {
    if (millis < MIN || millis > MAX) {
      byte[] text =
          DocumentWriter.TIMESTAMP
              .format(Instant.ofEpochMilli(millis))
              .getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(text, 0, out, 0, text.length);
      return text.length;
    }
    long epochDay = Math.floorDiv(millis, DAY);
    if (epochDay != day) {
      byte[] iso = (LocalDate.ofEpochDay(epochDay) + "T").getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(iso, 0, date, 0, 11);
      day = epochDay;
    }
    System.arraycopy(date, 0, out, 0, 11);
    int ms = (int) (millis - epochDay * DAY);
    two(out, 11, ms / 3_600_000);
    out[13] = ':';
    two(out, 14, ms / 60_000 % 60);
    out[16] = ':';
    two(out, 17, ms / 1000 % 60);
    out[19] = '.';
    int frac = ms % 1000;
    out[20] = (byte) ('0' + frac / 100);
    out[21] = (byte) ('0' + frac / 10 % 10);
    out[22] = (byte) ('0' + frac % 10);
    out[23] = 'Z';
    return LENGTH;
  }

  private static void two(byte[] out, int at, int value) {
    out[at] = (byte) ('0' + value / 10);
    out[at + 1] = (byte) ('0' + value % 10);
  }
}
