package dev.noops.logs;

import java.io.IOException;
import java.time.Duration;

/**
 * Sends one request to the cluster; an {@link IOException} means no usable answer (refused, reset,
 * timed out).
 */
interface Transport {
  /**
   * Sends {@code body}; when {@code gzipped} (see {@link Gzip}) with {@code Content-Encoding:
   * gzip}.
   */
  Response send(String method, String path, byte[] body, boolean gzipped, Duration timeout)
      throws IOException;

  /** A status code and the (decompressed) body. */
  @SuppressWarnings("ArrayRecordComponent") // an answer read once, never compared or hashed
  record Response(int status, byte[] body) {}
}
