package dev.noops.correlation;

import java.util.Map;
import org.slf4j.MDC;

/**
 * Where the current context lives: a thread-local (virtual threads included) mirrored into the
 * SLF4J MDC, so that every log line of the invocation carries the IDs.
 */
final class Holder {
  private static final ThreadLocal<CorrelationIds> CURRENT = new ThreadLocal<>();

  private Holder() {}

  static CorrelationIds current() {
    CorrelationIds ids = CURRENT.get();
    return ids == null ? CorrelationIds.empty() : ids;
  }

  /** Makes {@code ids} current on this thread and returns what was current before (maybe null). */
  static CorrelationIds install(CorrelationIds ids) {
    CorrelationIds previous = CURRENT.get();
    if (previous != null) {
      removeFromMdc(previous);
    }
    if (ids == null || ids.isEmpty()) {
      CURRENT.remove();
      return previous;
    }
    CURRENT.set(ids);
    for (Map.Entry<String, String> id : ids.asMap().entrySet()) {
      // baggage may be long and is someone else's data; the log line needs the IDs only
      if (!id.getKey().equals(CorrelationIds.BAGGAGE)) {
        MDC.put(id.getKey(), id.getValue());
      }
    }
    return previous;
  }

  /** Puts back what {@link #install} returned: null clears the thread. */
  static void restore(CorrelationIds previous) {
    install(previous);
  }

  static void clear() {
    install(null);
  }

  private static void removeFromMdc(CorrelationIds ids) {
    for (String name : ids.asMap().keySet()) {
      MDC.remove(name);
    }
  }
}
