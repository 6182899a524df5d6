package dev.noops.logs;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteOrder;
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

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

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

  /** Appends again the bytes from {@code from} to {@code to} of what this buffer holds. */
  void copy(int from, int to) {
    raw(bytes, from, to - from); // when raw grows the buffer, it copies from the old array
  }

  /**
   * A quoted, escaped string; {@code null} for null. A string with nothing to escape (most) is
   * written in one step, quotes and all.
   */
  void string(String text) {
    if (text == null) {
      raw(NULL);
      return;
    }
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    boolean oneToOne = utf8.length == text.length();
    int n = utf8.length;
    int plain = plainPrefix(utf8, oneToOne);
    if (plain == n) {
      if (bytes.length - size < n + 2) {
        grow(n + 2);
      }
      bytes[size] = '"';
      System.arraycopy(utf8, 0, bytes, size + 1, n);
      bytes[size + n + 1] = '"';
      size += n + 2;
      return;
    }
    raw((byte) '"');
    chars(text, utf8, oneToOne, plain);
    raw((byte) '"');
  }

  /** Escaped characters without quotes (a part of a string). */
  void chars(String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    chars(text, utf8, utf8.length == text.length(), 0);
  }

  /** {@link #chars(String)} of {@code text}, encoded as {@code utf8}, plain up to {@code plain}. */
  private void chars(String text, byte[] utf8, boolean oneToOne, int plain) {
    int start = size;
    if (!utf8(utf8, text, oneToOne, plain)) {
      size = start; // a '?' that may stand for a lone surrogate: character by character
      int length = text.length();
      for (int from = 0; from < length; from += SEGMENT) {
        int n = Math.min(SEGMENT, length - from);
        text.getChars(from, from + n, chars, 0);
        segment(chars, 0, n);
      }
    }
  }

  /**
   * Writes {@code text} from its UTF-8 encoding {@code in} (from {@code from}, the bytes before it
   * plain, see {@link #plainPrefix}), eight bytes at a time while none needs a look: what is not
   * ASCII is already right as UTF-8, except a surrogate pair (4 bytes, written as two escapes as
   * Jackson does) and a lone surrogate, which the encoder made a {@code '?'}. With {@code oneToOne}
   * (as many bytes as characters) byte {@code i} is character {@code i}, so a {@code '?'} is told
   * from a lone surrogate by looking at the character; otherwise this returns false at a {@code
   * '?'}, having written part of the text.
   */
  private boolean utf8(byte[] in, String text, boolean oneToOne, int from) {
    int n = in.length;
    int copied = 0;
    int i = from;
    while (true) {
      if (oneToOne) { // every byte is ASCII: the cheaper test
        while (i <= n - 8 && flaggedAscii((long) LONGS.get(in, i)) == 0) {
          i += 8;
        }
      } else {
        while (i <= n - 8 && flagged((long) LONGS.get(in, i)) == 0) {
          i += 8;
        }
      }
      if (i > n - 8 && i < n && n >= 8 && lastWordPlain(in, n, oneToOne)) {
        break; // the last 8 bytes, read as one word, hold the rest: all of it as it is
      }
      int limit = Math.min(n, i + 8);
      while (i < limit && plain(in[i])) {
        i++;
      }
      if (i == n) {
        break;
      }
      if (i == limit) {
        continue; // a word of plain bytes that are not ASCII
      }
      raw(in, copied, i - copied);
      if (bytes.length - size < 12) {
        grow(12);
      }
      int b = in[i] & 0xFF;
      if (b >= 0xF0) {
        int codePoint =
            ((b & 0x07) << 18)
                | ((in[i + 1] & 0x3F) << 12)
                | ((in[i + 2] & 0x3F) << 6)
                | (in[i + 3] & 0x3F);
        size = special(bytes, size, Character.highSurrogate(codePoint));
        size = special(bytes, size, Character.lowSurrogate(codePoint));
        i += 4;
      } else if (b == '?') {
        if (!oneToOne) {
          return false;
        }
        char c = text.charAt(i);
        if (c == '?') {
          bytes[size++] = '?';
        } else {
          size = special(bytes, size, c);
        }
        i++;
      } else {
        size = special(bytes, size, (char) b);
        i++;
      }
      copied = i;
    }
    raw(in, copied, n - copied);
    return true;
  }

  /**
   * Non-zero when a byte of {@code word} is a control character, a quote, a backslash, a {@code
   * '?'} or not ASCII (the classic SWAR tests for a zero byte and a byte below a bound).
   */
  private static long flagged(long word) {
    long quote = word ^ (ONES * '"');
    long backslash = word ^ (ONES * '\\');
    long question = word ^ (ONES * '?');
    return (((word - ONES * 0x20) & ~word)
            | ((quote - ONES) & ~quote)
            | ((backslash - ONES) & ~backslash)
            | ((question - ONES) & ~question)
            | word)
        & HIGHS;
  }

  /**
   * How many bytes from the start of {@code in} are written as they are, at least: {@code
   * in.length} when none needs a look, else no more than the index of the first that does. Its word
   * loops repeat those of {@link #utf8} on purpose: one helper shared by both measured 1.7 % slower
   * in the shipper's JMH benchmark (bench/ab, 2026-12-03).
   */
  private static int plainPrefix(byte[] in, boolean oneToOne) {
    int n = in.length;
    int i = 0;
    if (oneToOne) {
      while (i <= n - 8 && flaggedAscii((long) LONGS.get(in, i)) == 0) {
        i += 8;
      }
    } else {
      while (i <= n - 8 && flagged((long) LONGS.get(in, i)) == 0) {
        i += 8;
      }
    }
    if (i > n - 8 && i < n && n >= 8 && lastWordPlain(in, n, oneToOne)) {
      return n;
    }
    if (n < 8) {
      while (i < n && plain(in[i]) && (in[i] & 0x80) == 0) {
        i++;
      }
    }
    return i;
  }

  private static boolean lastWordPlain(byte[] in, int n, boolean oneToOne) {
    long word = (long) LONGS.get(in, n - 8);
    return (oneToOne ? flaggedAscii(word) : flagged(word)) == 0;
  }

  /**
   * {@link #flagged} for a word of ASCII bytes only (below 0x80), in fewer steps: adding 0x60 to a
   * byte sets its high bit unless it is a control character, and adding 0x7F to a byte XOR a
   * character sets it unless they are equal; no sum carries into the next byte.
   */
  private static long flaggedAscii(long word) {
    long low = ONES * 0x7F;
    return (~(word + ONES * 0x60)
            | ~((word ^ (ONES * '"')) + low)
            | ~((word ^ (ONES * '\\')) + low)
            | ~((word ^ (ONES * '?')) + low))
        & HIGHS;
  }

  /** A byte written as it is: printable ASCII but a quote, backslash or '?', or within UTF-8. */
  private static boolean plain(byte b) {
    return b >= 0x20 ? b != '"' && b != '\\' && b != '?' : b < 0 && (b & 0xF0) != 0xF0;
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
