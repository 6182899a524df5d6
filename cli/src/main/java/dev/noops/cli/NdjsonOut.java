package dev.noops.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Where {@code ship --dry-run} writes its NDJSON bytes: straight to the process's stdout when the
 * command line writes there ({@link Noops#STDOUT}), with no decoding and re-encoding; otherwise
 * into the command line's writer (tests, embedding), one whole write at a time.
 */
final class NdjsonOut {
  private NdjsonOut() {}

  @SuppressWarnings("ReferenceEquality") // is it the very writer on the process's stdout?
  static OutputStream to(PrintWriter writer) {
    if (writer == Noops.STDOUT) {
      return new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64 * 1024);
    }
    return new OutputStream() {
      @Override
      public void write(int b) {
        writer.write(b);
      }

      // the shipper writes whole UTF-8 sequences per call (an action line, a document)
      @Override
      public void write(byte[] b, int off, int len) {
        writer.write(new String(b, off, len, StandardCharsets.UTF_8));
      }

      @Override
      public void flush() {
        writer.flush();
      }
    };
  }
}
