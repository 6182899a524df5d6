package dev.noops.logs;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a JSON string value straight from well-formed UTF-8 bytes into the {@link String} Jackson's
 * parser would give, for {@link PayloadScanner}: eight bytes are looked at and copied per step, and
 * the bytes are copied once more into the string, where the parser decodes into characters and
 * compresses them back into bytes. It answers null for what it leaves to the parser, whose value or
 * error then stays the answer: a control character, an escape that is not JSON, an escaped lone
 * surrogate, a string that does not end. Not thread-safe; its buffer is reused.
 */
final class JsonStringReader {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  /** The most one step writes: a word, or a character's UTF-8. */
  private static final int STEP = 8;

  /** The string's bytes, unescaped; grows to the longest seen. */
  private byte[] unescaped = new byte[1024];

  /** Where the input goes on after the last string read: the index after its closing quote. */
  private int next;

  /**
   * The string whose opening quote is at {@code quote} in {@code in}, which must be well-formed
   * UTF-8 up to {@code end}; null when the parser must read it.
   */
  String read(byte[] in, int quote, int end) {
    int i = quote + 1;
    byte[] out = unescaped;
    int n = 0;
    boolean ascii = true;
    while (true) {
      if (out.length - n < 2 * STEP) {
        out = unescaped = Arrays.copyOf(out, 2 * out.length);
      }
      int b;
      if (i <= end - 8) {
        long word = (long) LONGS.get(in, i);
        LONGS.set(out, n, word); // the bytes past a stop are written over
        long stops = ascii ? stops(word) : stopsBeyondAscii(word);
        if (stops == 0) {
          i += 8;
          n += 8;
          continue;
        }
        int plain = Long.numberOfTrailingZeros(stops) >>> 3;
        i += plain;
        n += plain;
        b = in[i];
      } else if (i < end) {
        b = in[i];
        if ((b >= 0x20 && b != '"' && b != '\\') || (b < 0 && !ascii)) {
          out[n++] = (byte) b;
          i++;
          continue;
        }
      } else {
        return null; // no closing quote: the parser says so
      }
      if (b == '"') {
        break;
      }
      if (b < 0) { // the first byte beyond ASCII: from here on such bytes are copied as they are
        ascii = false;
        out[n++] = (byte) b;
        i++;
        continue;
      }
      if (b != '\\' || i + 1 >= end) {
        return null; // a control character, or an escape cut short
      }
      int escape = in[i + 1];
      int c = shortEscape(escape);
      if (c >= 0) {
        out[n++] = (byte) c;
        i += 2;
        continue;
      }
      if (escape != 'u') {
        return null;
      }
      int code = hex(in, i + 2, end);
      if (code < 0) {
        return null;
      }
      i += 6;
      if (Character.isSurrogate((char) code)) {
        int low = Character.isHighSurrogate((char) code) ? lowAfter(in, i, end) : -1;
        if (low < 0) {
          return null; // a lone surrogate has no UTF-8: the parser's string keeps it
        }
        code = Character.toCodePoint((char) code, (char) low);
        i += 6;
      }
      ascii &= code < 0x80;
      n = utf8(out, code, n);
    }
    next = i + 1;
    return new String(out, 0, n, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
  }

  /** The index after the closing quote of the last string {@link #read}. */
  int next() {
    return next;
  }

  /** The character a two-character escape stands for, or -1. */
  private static int shortEscape(int escape) {
    return switch (escape) {
      case '"' -> '"';
      case '\\' -> '\\';
      case '/' -> '/';
      case 'b' -> '\b';
      case 'f' -> '\f';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      default -> -1;
    };
  }

  /** The four hex digits from {@code at}, or -1. */
  private static int hex(byte[] in, int at, int end) {
    if (at + 4 > end) {
      return -1;
    }
    int code = 0;
    for (int k = at; k < at + 4; k++) {
      int digit = Character.digit(in[k], 16);
      if (digit < 0 || in[k] < 0) {
        return -1;
      }
      code = code << 4 | digit;
    }
    return code;
  }

  /** The low surrogate escaped at {@code at}, or -1. */
  private static int lowAfter(byte[] in, int at, int end) {
    if (at + 1 >= end || in[at] != '\\' || in[at + 1] != 'u') {
      return -1;
    }
    int low = hex(in, at + 2, end);
    return low >= 0 && Character.isLowSurrogate((char) low) ? low : -1;
  }

  /** Appends {@code code} as UTF-8 (room for {@link #STEP} bytes was made); the new length. */
  private static int utf8(byte[] out, int code, int at) {
    if (code < 0x80) {
      out[at++] = (byte) code;
    } else if (code < 0x800) {
      out[at++] = (byte) (0xC0 | (code >> 6));
      out[at++] = (byte) (0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      out[at++] = (byte) (0xE0 | (code >> 12));
      out[at++] = (byte) (0x80 | ((code >> 6) & 0x3F));
      out[at++] = (byte) (0x80 | (code & 0x3F));
    } else {
      out[at++] = (byte) (0xF0 | (code >> 18));
      out[at++] = (byte) (0x80 | ((code >> 12) & 0x3F));
      out[at++] = (byte) (0x80 | ((code >> 6) & 0x3F));
      out[at++] = (byte) (0x80 | (code & 0x3F));
    }
    return at;
  }

  /**
   * Non-zero when a byte of {@code word} is a quote, a backslash, a control character or not ASCII
   * (exact for each byte, so the lowest flag is the first such byte: adding 0x60 sets a byte's high
   * bit unless it is below 0x20; adding 0x7F to a byte XOR a character sets it unless they are
   * equal: the bytes' low seven bits are summed, so no sum carries into the next byte; a byte above
   * 0x7F is caught by the last term).
   */
  private static long stops(long word) {
    long low = ONES * 0x7F;
    long ascii = word & low;
    return (~(ascii + ONES * 0x60)
            | ~((ascii ^ (ONES * '"')) + low)
            | ~((ascii ^ (ONES * '\\')) + low)
            | word)
        & HIGHS;
  }

  /** {@link #stops} without the test for bytes beyond ASCII, which are copied as they are. */
  private static long stopsBeyondAscii(long word) {
    long low = ONES * 0x7F;
    long ascii = word & low;
    long control = ~(ascii + ONES * 0x60) & ~word; // below 0x20 and not beyond ASCII
    return (control | ~((ascii ^ (ONES * '"')) + low) | ~((ascii ^ (ONES * '\\')) + low))
        & ~word
        & HIGHS;
  }
}
