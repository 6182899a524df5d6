package dev.noops.logs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Request-body compression. The level is a setting ({@code ES_GZIP_LEVEL}); its default, the
 * fastest, was chosen by measurement (docs/performance.md): the CPU is the Lambda's, and logs
 * compress well anyway.
 */
final class Gzip {
  private Gzip() {}

  /** The default level. */
  static final int DEFAULT_LEVEL = Deflater.BEST_SPEED;

  static OutputStream compressing(OutputStream out) throws IOException {
    return new LeveledGzip(out, DEFAULT_LEVEL);
  }

  static OutputStream compressing(OutputStream out, int level) throws IOException {
    return new LeveledGzip(out, level);
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

  private static final class LeveledGzip extends GZIPOutputStream {
    LeveledGzip(OutputStream out, int level) throws IOException {
      super(out, 64 * 1024);
      def.setLevel(level);
    }
  }
}
