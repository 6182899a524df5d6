package dev.noops.logs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** Request-body compression at the fastest level: the CPU is the Lambda's, and logs compress well anyway. */
final class Gzip {
  private Gzip() {}

  static OutputStream compressing(OutputStream out) throws IOException {
    return new FastGzip(out);
  }

  static byte[] of(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, bytes.length / 4));
    try (OutputStream gzip = compressing(out)) {
      gzip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot gzip in memory", e);
    }
    return out.toByteArray();
  }

  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(OutputStream out) throws IOException {
      super(out, 16 * 1024);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }
}
