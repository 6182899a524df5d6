package dev.noops.correlation;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * A logback filter that lets DEBUG (and higher) through, whatever the logger levels say, while the
 * current invocation or record has {@code debug-log-enabled=true}: a sampled request logs at DEBUG
 * in every service it reaches. One line in {@code logback.xml}:
 *
 * <pre>{@code
 * <turboFilter class="dev.noops.correlation.DebugLogTurboFilter"/>
 * }</pre>
 */
public final class DebugLogTurboFilter extends TurboFilter {
  /** A filter; logback creates it from {@code logback.xml}. */
  public DebugLogTurboFilter() {}

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (level == null || level.levelInt < Level.DEBUG_INT || !isStarted()) {
      return FilterReply.NEUTRAL;
    }
    return Holder.current().debugLogEnabled() ? FilterReply.ACCEPT : FilterReply.NEUTRAL;
  }
}
