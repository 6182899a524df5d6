package dev.noops.correlation;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.spi.AppenderAttachableImpl;
import java.util.Iterator;

/**
 * A logback appender in front of your appenders that holds the DEBUG and TRACE lines of each
 * invocation and writes them only if the invocation logs an ERROR (just before that line) or fails
 * inside {@link Correlation#handle}; otherwise they are dropped when it ends. Lines outside an
 * invocation, lines of a request sampled for debug logging ({@code debug-log-enabled=true}), and
 * INFO/WARN lines pass straight through. The loggers must be at DEBUG for debug lines to reach it.
 *
 * <pre>{@code
 * <appender name="BUFFER" class="dev.noops.correlation.DebugBufferAppender">
 *   <appender-ref ref="JSON"/>
 *   <maxLines>200</maxLines>      <!-- per invocation; default 200 -->
 *   <maxBytes>65536</maxBytes>    <!-- per invocation, estimated; default 65536 -->
 * </appender>
 * <root level="DEBUG"><appender-ref ref="BUFFER"/></root>
 * }</pre>
 *
 * It must be called on the thread that logs (not behind an {@code AsyncAppender}): it finds the
 * invocation through the correlation context of that thread.
 */
public final class DebugBufferAppender extends UnsynchronizedAppenderBase<ILoggingEvent>
    implements AppenderAttachable<ILoggingEvent> {
  private final AppenderAttachableImpl<ILoggingEvent> downstream = new AppenderAttachableImpl<>();
  private int maxLines = 200;
  private int maxBytes = 65_536;
  private DebugBuffer<ILoggingEvent> buffer;

  /** An appender; logback creates it from {@code logback.xml}. */
  public DebugBufferAppender() {}

  /** At most this many lines are held per invocation (the oldest go first). */
  public void setMaxLines(int maxLines) {
    this.maxLines = maxLines;
  }

  /** At most about this many bytes are held per invocation (the oldest lines go first). */
  public void setMaxBytes(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public void start() {
    try {
      buffer = new DebugBuffer<>(maxLines, maxBytes, new Sink());
    } catch (IllegalArgumentException e) {
      addError("debug buffer not started: " + e.getMessage());
      return;
    }
    buffer.start();
    super.start();
  }

  @Override
  public void stop() {
    if (buffer != null) {
      buffer.stop();
    }
    super.stop();
  }

  @Override
  protected void append(ILoggingEvent event) {
    CorrelationIds ids = Holder.current();
    String invocation = ids.awsRequestId();
    if (invocation == null || ids.debugLogEnabled()) {
      downstream.appendLoopOnAppenders(event);
      return;
    }
    int level = event.getLevel().toInt();
    if (level <= Level.DEBUG_INT) {
      // the MDC, message and thread name are taken now: the line is written later, maybe elsewhere
      event.prepareForDeferredProcessing();
      buffer.hold(
          invocation,
          event,
          event.getFormattedMessage() == null ? 0 : event.getFormattedMessage().length());
      return;
    }
    if (level >= Level.ERROR_INT) {
      buffer.flush(invocation);
    }
    downstream.appendLoopOnAppenders(event);
  }

  @Override
  public void addAppender(Appender<ILoggingEvent> appender) {
    downstream.addAppender(appender);
  }

  @Override
  public Iterator<Appender<ILoggingEvent>> iteratorForAppenders() {
    return downstream.iteratorForAppenders();
  }

  @Override
  public Appender<ILoggingEvent> getAppender(String name) {
    return downstream.getAppender(name);
  }

  @Override
  public boolean isAttached(Appender<ILoggingEvent> appender) {
    return downstream.isAttached(appender);
  }

  @Override
  public void detachAndStopAllAppenders() {
    downstream.detachAndStopAllAppenders();
  }

  @Override
  public boolean detachAppender(Appender<ILoggingEvent> appender) {
    return downstream.detachAppender(appender);
  }

  @Override
  public boolean detachAppender(String name) {
    return downstream.detachAppender(name);
  }

  private final class Sink implements DebugBuffer.Sink<ILoggingEvent> {
    @Override
    public void write(ILoggingEvent event) {
      downstream.appendLoopOnAppenders(event);
    }

    @Override
    public void warn(String message) {
      LoggerContext context = (LoggerContext) getContext();
      LoggingEvent warning =
          new LoggingEvent(
              DebugBufferAppender.class.getName(),
              context.getLogger(DebugBufferAppender.class),
              Level.WARN,
              message,
              null,
              null);
      downstream.appendLoopOnAppenders(warning);
    }
  }
}
