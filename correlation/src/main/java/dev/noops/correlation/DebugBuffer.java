package dev.noops.correlation;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * The debug lines of each invocation, held until the invocation logs an error (then written, oldest
 * first) or ends (then dropped). Bounded per invocation by lines and by an estimate of their size:
 * when full, the oldest line goes and the flush says how many went. At most {@link
 * #MAX_INVOCATIONS} invocations are held at once (one, on a classic Lambda; several where one
 * environment serves concurrent requests); a line logged after its invocation ended starts a buffer
 * that the next invocations push out. The logging-framework adapters (logback, log4j2) own one
 * each.
 *
 * @param <E> the framework's event type, already detached from the logging thread
 */
final class DebugBuffer<E> {
  static final int MAX_INVOCATIONS = 16;

  /** What a line costs besides its message: the level, logger, MDC and timestamp a layout adds. */
  static final int LINE_OVERHEAD_BYTES = 100;

  /** Where a flush writes: the framework's downstream appenders. */
  interface Sink<E> {
    void write(E event);

    /** One WARN line, e.g. how many held lines were dropped. */
    void warn(String message);
  }

  private static final Set<DebugBuffer<?>> LIVE = new CopyOnWriteArraySet<>();

  private final int maxLines;
  private final int maxBytes;
  private final Sink<E> sink;
  private final Map<String, Held<E>> held =
      new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Held<E>> eldest) {
          return size() > MAX_INVOCATIONS;
        }
      };

  DebugBuffer(int maxLines, int maxBytes, Sink<E> sink) {
    if (maxLines < 1) {
      throw new IllegalArgumentException("maxLines must be at least 1: " + maxLines);
    }
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be at least 1: " + maxBytes);
    }
    this.maxLines = maxLines;
    this.maxBytes = maxBytes;
    this.sink = sink;
  }

  /** Makes this buffer see the ends of invocations ({@link #flushAll}, {@link #discardAll}). */
  void start() {
    LIVE.add(this);
  }

  void stop() {
    LIVE.remove(this);
    synchronized (this) {
      held.clear();
    }
  }

  /** Holds {@code event} (of about {@code messageChars} characters) for {@code invocation}. */
  synchronized void hold(String invocation, E event, int messageChars) {
    held.computeIfAbsent(invocation, key -> new Held<>())
        .add(event, messageChars + LINE_OVERHEAD_BYTES, maxLines, maxBytes);
  }

  /**
   * Writes what {@code invocation} holds (with a warning first if lines were dropped) and forgets
   * it.
   */
  void flush(String invocation) {
    Held<E> lines;
    synchronized (this) {
      lines = held.remove(invocation);
    }
    if (lines == null) {
      return;
    }
    if (lines.dropped > 0) {
      sink.warn(
          lines.dropped
              + " earlier debug line(s) of this invocation were dropped from the debug buffer"
              + " (maxLines "
              + maxLines
              + ", maxBytes "
              + maxBytes
              + ")");
    }
    for (E event : lines.events) {
      sink.write(event);
    }
  }

  synchronized void discard(String invocation) {
    held.remove(invocation);
  }

  /** How many lines {@code invocation} holds now. */
  synchronized int holding(String invocation) {
    Held<E> lines = held.get(invocation);
    return lines == null ? 0 : lines.events.size();
  }

  /** The invocation failed: every live buffer writes its lines. */
  static void flushAll(String invocation) {
    for (DebugBuffer<?> buffer : LIVE) {
      buffer.flush(invocation);
    }
  }

  /** The invocation is over: every live buffer drops its lines. */
  static void discardAll(String invocation) {
    for (DebugBuffer<?> buffer : LIVE) {
      buffer.discard(invocation);
    }
  }

  private static final class Held<E> {
    private final ArrayDeque<E> events = new ArrayDeque<>();
    private final ArrayDeque<Integer> sizes = new ArrayDeque<>();
    private long bytes;
    private int dropped;

    void add(E event, int size, int maxLines, int maxBytes) {
      events.addLast(event);
      sizes.addLast(size);
      bytes += size;
      while (!events.isEmpty() && (events.size() > maxLines || bytes > maxBytes)) {
        events.removeFirst();
        bytes -= sizes.removeFirst();
        dropped++;
      }
    }
  }
}
