package dev.noops.lambda.logging;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;
import org.slf4j.spi.MDCAdapter;

/**
 * A logger that writes each enabled call as one {@link JsonLine}. The fluent API's key-value pairs
 * arrive through {@link LoggingEventAware} and are written as {@code kvpList}.
 */
final class JsonLogger extends LegacyAbstractLogger implements LoggingEventAware {
  private static final long serialVersionUID = 1L;

  private final transient int threshold;
  private final transient MDCAdapter mdc;
  private final transient Supplier<PrintStream> out;

  JsonLogger(String name, Level threshold, MDCAdapter mdc, Supplier<PrintStream> out) {
    this.name = name;
    this.threshold = threshold.toInt();
    this.mdc = mdc;
    this.out = out;
  }

  @Override
  public boolean isTraceEnabled() {
    return threshold <= Level.TRACE.toInt();
  }

  @Override
  public boolean isDebugEnabled() {
    return threshold <= Level.DEBUG.toInt();
  }

  @Override
  public boolean isInfoEnabled() {
    return threshold <= Level.INFO.toInt();
  }

  @Override
  public boolean isWarnEnabled() {
    return threshold <= Level.WARN.toInt();
  }

  @Override
  public boolean isErrorEnabled() {
    return threshold <= Level.ERROR.toInt();
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(
      Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
    write(level, pattern, arguments, List.of(), throwable, System.currentTimeMillis());
  }

  @Override
  public void log(LoggingEvent event) {
    if (threshold > event.getLevel().toInt()) {
      return;
    }
    long at = event.getTimeStamp() > 0 ? event.getTimeStamp() : System.currentTimeMillis();
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    write(
        event.getLevel(),
        event.getMessage(),
        event.getArgumentArray(),
        pairs == null ? List.of() : pairs,
        event.getThrowable(),
        at);
  }

  private void write(
      Level level,
      String pattern,
      Object[] arguments,
      List<KeyValuePair> pairs,
      Throwable throwable,
      long at) {
    Object[] args = arguments;
    Throwable thrown = throwable;
    if (thrown == null) {
      // as logback does: a Throwable as the last argument is the event's throwable
      Throwable candidate = MessageFormatter.getThrowableCandidate(args);
      if (candidate != null) {
        thrown = candidate;
        args = MessageFormatter.trimmedCopy(args);
      }
    }
    String message = args == null ? pattern : MessageFormatter.basicArrayFormat(pattern, args);
    Map<String, String> context = mdc.getCopyOfContextMap();
    String line = JsonLine.render(at, level, name, context, pairs, message, thrown);
    PrintStream stream = out.get();
    synchronized (stream) {
      stream.print(line);
      stream.flush();
    }
  }
}
