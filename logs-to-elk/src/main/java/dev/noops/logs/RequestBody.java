package dev.noops.logs;

import java.io.OutputStream;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * One {@code _bulk} request body at a time, gzip-compressed as it is written (level 1 to 9) or kept
 * plain (level 0). Small writes are gathered in a 64 KB staging buffer and reach the deflater in
 * runs; the deflater (and its native memory), the staging buffer and the output buffer are kept for
 * the next body, so a warm shipper allocates one array per request: the body handed to HTTP. The
 * gzip member is what {@link java.util.zip.GZIPOutputStream} writes: a 10-byte header, raw deflate,
 * CRC-32 and length. Not thread-safe: one per shipper.
 */
final class RequestBody extends OutputStream {
  private static final int STAGING = 64 * 1024;
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, 0};

  private final Deflater deflater;
  private final CRC32 crc = new CRC32();
  private final byte[] staging;
  private int staged;
  private byte[] out = new byte[STAGING];
  private int length;
  private long plainLength;

  /**
   * @param gzipLevel 1 (fastest) to 9 (smallest), or 0 for a plain body
   */
  RequestBody(int gzipLevel) {
    this.deflater = gzipLevel > 0 ? new Deflater(gzipLevel, true) : null;
    this.staging = gzipLevel > 0 ? new byte[STAGING] : null;
  }

  /** Begins a body (what was written before is forgotten). */
  void start() {
    length = 0;
    staged = 0;
    plainLength = 0;
    if (deflater != null) {
      deflater.reset();
      crc.reset();
      append(HEADER, 0, HEADER.length);
    }
  }

  /** Ends the body and returns it. */
  byte[] finish() {
    if (deflater != null) {
      flushStaging();
      deflater.finish();
      while (!deflater.finished()) {
        deflate();
      }
      int crcValue = (int) crc.getValue();
      int size = (int) plainLength;
      byte[] trailer = {
        (byte) crcValue,
        (byte) (crcValue >>> 8),
        (byte) (crcValue >>> 16),
        (byte) (crcValue >>> 24),
        (byte) size,
        (byte) (size >>> 8),
        (byte) (size >>> 16),
        (byte) (size >>> 24)
      };
      append(trailer, 0, trailer.length);
    }
    return Arrays.copyOf(out, length);
  }

  @Override
  public void write(int b) {
    if (deflater == null || staged == STAGING) {
      write(new byte[] {(byte) b}, 0, 1);
      return;
    }
    plainLength++;
    staging[staged++] = (byte) b;
  }

  @Override
  public void write(byte[] bytes, int off, int len) {
    plainLength += len;
    if (deflater == null) {
      append(bytes, off, len);
      return;
    }
    if (len >= STAGING) {
      flushStaging();
      input(bytes, off, len);
      return;
    }
    if (staged + len > STAGING) {
      flushStaging();
    }
    System.arraycopy(bytes, off, staging, staged, len);
    staged += len;
  }

  private void flushStaging() {
    if (staged > 0) {
      input(staging, 0, staged);
      staged = 0;
    }
  }

  private void input(byte[] bytes, int off, int len) {
    crc.update(bytes, off, len);
    deflater.setInput(bytes, off, len);
    while (!deflater.needsInput()) {
      deflate();
    }
  }

  private void deflate() {
    if (out.length - length < 8 * 1024) {
      out = Arrays.copyOf(out, out.length * 2);
    }
    length += deflater.deflate(out, length, out.length - length, Deflater.NO_FLUSH);
  }

  private void append(byte[] bytes, int off, int len) {
    if (out.length - length < len) {
      out = Arrays.copyOf(out, Math.max(out.length * 2, length + len));
    }
    System.arraycopy(bytes, off, out, length, len);
    length += len;
  }
}
