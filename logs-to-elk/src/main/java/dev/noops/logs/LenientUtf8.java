package dev.noops.logs;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Passes well-formed UTF-8 through unchanged and replaces each byte that cannot start or continue a
 * well-formed sequence (overlong forms, surrogates, beyond U+10FFFF, truncated) by U+FFFD, so the
 * byte-based JSON parser never fails on a bad byte and a line is never lost for one. ASCII runs are
 * copied in bulk.
 */
final class LenientUtf8 extends FilterInputStream {
  private static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final byte[] buffer = new byte[16 * 1024];
  private int pos;
  private int limit;
  private boolean eof;
  private final byte[] pending = new byte[4];
  private int pendingPos;
  private int pendingLength;

  LenientUtf8(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] out, int off, int len) throws IOException {
    int n = 0;
    while (n < len) {
      if (pendingPos < pendingLength) {
        out[off + n++] = pending[pendingPos++];
        continue;
      }
      if (limit - pos < 4 && !eof) {
        fill();
      }
      if (pos == limit) {
        break;
      }
      if (buffer[pos] >= 0) {
        int run = Math.min(len - n, limit - pos);
        int ascii = 0;
        while (ascii < run && buffer[pos + ascii] >= 0) {
          ascii++;
        }
        System.arraycopy(buffer, pos, out, off + n, ascii);
        pos += ascii;
        n += ascii;
        continue;
      }
      int length = sequence(pos);
      if (length > 0) {
        System.arraycopy(buffer, pos, pending, 0, length);
        pendingLength = length;
        pos += length;
      } else {
        System.arraycopy(REPLACEMENT, 0, pending, 0, 3);
        pendingLength = 3;
        pos++;
      }
      pendingPos = 0;
    }
    return n == 0 && len > 0 ? -1 : n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] sink = new byte[(int) Math.min(n, 8192)];
    int read = read(sink, 0, sink.length);
    return Math.max(read, 0);
  }

  @Override
  public int available() {
    return limit - pos + pendingLength - pendingPos;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /**
   * Whether {@code bytes[from..to)} is well-formed UTF-8 throughout (nothing to replace), checked
   * eight ASCII bytes at a time: then a parser may read the bytes themselves.
   */
  static boolean wellFormed(byte[] bytes, int from, int to) {
    int at = from;
    while (at < to) {
      if (at <= to - 8 && ((long) LONGS.get(bytes, at) & 0x8080808080808080L) == 0) {
        at += 8;
      } else if (bytes[at] >= 0) {
        at++;
      } else {
        int length = sequence(bytes, at, to);
        if (length == 0) {
          return false;
        }
        at += length;
      }
    }
    return true;
  }

  private int sequence(int at) {
    return sequence(buffer, at, limit);
  }

  /** The length of the well-formed sequence starting at {@code at} (before {@code limit}), or 0. */
  private static int sequence(byte[] buffer, int at, int limit) {
    int lead = buffer[at] & 0xff;
    int length;
    int low = 0x80;
    int high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      low = lead == 0xE0 ? 0xA0 : 0x80;
      high = lead == 0xED ? 0x9F : 0xBF;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      low = lead == 0xF0 ? 0x90 : 0x80;
      high = lead == 0xF4 ? 0x8F : 0xBF;
    } else {
      return 0;
    }
    if (limit - at < length) {
      return 0;
    }
    int second = buffer[at + 1] & 0xff;
    if (second < low || second > high) {
      return 0;
    }
    for (int i = 2; i < length; i++) {
      int next = buffer[at + i] & 0xff;
      if (next < 0x80 || next > 0xBF) {
        return 0;
      }
    }
    return length;
  }

  private void fill() throws IOException {
    System.arraycopy(buffer, pos, buffer, 0, limit - pos);
    limit -= pos;
    pos = 0;
    while (limit < 4 && !eof) {
      int read = in.read(buffer, limit, buffer.length - limit);
      if (read < 0) {
        eof = true;
      } else {
        limit += read;
      }
    }
  }
}
