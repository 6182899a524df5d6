package dev.noops.logs;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that JSON is written into as UTF-8, byte for byte what Jackson's {@code
 * UTF8JsonGenerator} (default features) writes for the same calls: {@code "} and {@code \} get a
 * backslash, {@code \b \t \n \f \r} their short escapes, other control characters a six-character
 * escape (backslash, {@code u00}, two upper-case hex digits); every UTF-16 surrogate, paired or
 * alone, is written as its own six-character escape (backslash, {@code u}, four upper-case hex
 * digits); other characters as UTF-8. Numbers as {@link Long#toString}, {@link Double#toString} (a
 * non-finite double as a quoted string), {@link BigInteger#toString} and {@link
 * BigDecimal#toString}. Separators are the caller's. Not thread-safe; reused by resetting.
 */
final class JsonBuffer {
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);

  /** For ASCII: 0 written as is, else the short escape's letter, or 'u' for a six-character one. */
  private static final byte[] ESCAPES = new byte[128];

  static {
    for (int c = 0; c < 0x20; c++) {
      ESCAPES[c] = 'u';
    }
    ESCAPES['"'] = '"';
    ESCAPES['\\'] = '\\';
    ESCAPES['\b'] = 'b';
    ESCAPES['\t'] = 't';
    ESCAPES['\f'] = 'f';
    ESCAPES['\n'] = 'n';
    ESCAPES['\r'] = 'r';
  }

  /** Characters escaped per step: long strings never need a buffer of six times their length. */
  private static final int SEGMENT = 4096;

  private byte[] bytes;
  private int size;
  private final char[] chars = new char[SEGMENT];

  JsonBuffer(int capacity) {
    this.bytes = new byte[capacity];
  }

  void reset() {
    size = 0;
  }

  int size() {
    return size;
  }

  /** The buffer itself (valid up to {@link #size()} until the next write). */
  byte[] array() {
    return bytes;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  void raw(byte b) {
    if (size == bytes.length) {
      grow(1);
    }
    bytes[size++] = b;
  }

  void raw(byte[] b) {
    raw(b, 0, b.length);
  }

  void raw(byte[] b, int offset, int length) {
    if (bytes.length - size < length) {
      grow(length);
    }
    System.arraycopy(b, offset, bytes, size, length);
    size += length;
  }

  /** A quoted, escaped string; {@code null} for null. */
  void string(String text) {
    if (text == null) {
      raw(NULL);
      return;
    }
    raw((byte) '"');
    chars(text);
    raw((byte) '"');
  }

  /** The characters of {@code text} from {@code offset}, quoted and escaped. */
  void string(char[] text, int offset, int length) {
    raw((byte) '"');
    for (int from = 0; from < length; from += SEGMENT) {
      segment(text, offset + from, Math.min(SEGMENT, length - from));
    }
    raw((byte) '"');
  }

  /** Escaped characters without quotes (a part of a string). */
  void chars(String text) {
    int length = text.length();
    for (int from = 0; from < length; from += SEGMENT) {
      int n = Math.min(SEGMENT, length - from);
      text.getChars(from, from + n, chars, 0);
      segment(chars, 0, n);
    }
  }

  private void segment(char[] text, int offset, int length) {
    // at most 6 bytes per character (an escape), ensured once so that the loop needs no checks
    if (bytes.length - size < 6 * length) {
      grow(6 * length);
    }
    byte[] out = bytes;
    int at = size;
    for (int i = offset, end = offset + length; i < end; i++) {
      char c = text[i];
      if (c < 0x80 && ESCAPES[c] == 0) {
        out[at++] = (byte) c;
      } else {
        at = special(out, at, c);
      }
    }
    size = at;
  }

  /** A character that is escaped or not ASCII. */
  private static int special(byte[] out, int at, char c) {
    if (c < 0x80) {
      byte escape = ESCAPES[c];
      out[at++] = '\\';
      out[at++] = escape;
      if (escape == 'u') {
        out[at++] = '0';
        out[at++] = '0';
        out[at++] = HEX[c >> 4];
        out[at++] = HEX[c & 0xF];
      }
    } else if (c < 0x800) {
      out[at++] = (byte) (0xC0 | (c >> 6));
      out[at++] = (byte) (0x80 | (c & 0x3F));
    } else if (Character.isSurrogate(c)) {
      out[at++] = '\\';
      out[at++] = 'u';
      out[at++] = HEX[c >> 12];
      out[at++] = HEX[(c >> 8) & 0xF];
      out[at++] = HEX[(c >> 4) & 0xF];
      out[at++] = HEX[c & 0xF];
    } else {
      out[at++] = (byte) (0xE0 | (c >> 12));
      out[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
      out[at++] = (byte) (0x80 | (c & 0x3F));
    }
    return at;
  }

  void number(long value) {
    if (bytes.length - size < 20) {
      grow(20);
    }
    if (value == Long.MIN_VALUE) {
      ascii(Long.toString(value));
      return;
    }
    long v = value;
    if (v < 0) {
      bytes[size++] = '-';
      v = -v;
    }
    int digits = 1;
    for (long rest = v / 10; rest > 0; rest /= 10) {
      digits++;
    }
    int at = size + digits;
    size = at;
    do {
      bytes[--at] = (byte) ('0' + (int) (v % 10));
      v /= 10;
    } while (v > 0);
  }

  void number(double value) {
    String text = Double.toString(value);
    if (Double.isFinite(value)) {
      ascii(text);
    } else {
      raw((byte) '"');
      ascii(text);
      raw((byte) '"');
    }
  }

  void number(BigInteger value) {
    ascii(value.toString());
  }

  void number(BigDecimal value) {
    ascii(value.toString());
  }

  void bool(boolean value) {
    raw(value ? TRUE : FALSE);
  }

  /** Text known to be plain ASCII without anything to escape (a number's digits). */
  private void ascii(String text) {
    int length = text.length();
    if (bytes.length - size < length) {
      grow(length);
    }
    for (int i = 0; i < length; i++) {
      bytes[size + i] = (byte) text.charAt(i);
    }
    size += length;
  }

  private void grow(int needed) {
    long wanted = Math.max((long) size + needed, 2L * bytes.length);
    bytes = Arrays.copyOf(bytes, (int) Math.min(wanted, Integer.MAX_VALUE - 8));
  }
}
