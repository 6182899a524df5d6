package dev.noops.configlocal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Instant;

/**
 * One JSON line per request of the local server: time, method, path, status, error code and
 * duration. Never a value, a body or the API key; the path is JSON-escaped, so a hostile path
 * cannot forge a line.
 */
@FunctionalInterface
public interface AccessLog {
  /** Writes nothing. */
  AccessLog NONE = (method, path, status, error, millis) -> {};

  /** Called once per answered request. */
  void request(String method, String path, int status, String error, long millis);

  /** JSON lines on {@code out}, as {@code noops local} writes them to stderr. */
  static AccessLog jsonLines(PrintStream out) {
    return (method, path, status, error, millis) -> {
      ObjectNode line =
          ProxyEvent.JSON
              .createObjectNode()
              .put("ts", Instant.now().toString())
              .put("level", "INFO")
              .put("logger", "noops.local")
              .put("message", "request")
              .put("method", method)
              .put("path", path)
              .put("status", status);
      if (error != null) {
        line.put("error", error);
      }
      line.put("ms", millis);
      synchronized (out) {
        out.println(line);
      }
    };
  }
}
