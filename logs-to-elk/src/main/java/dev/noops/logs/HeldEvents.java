package dev.noops.logs;

import java.util.ArrayList;
import java.util.List;

/**
 * The events of one gzip payload, held until its trailer (CRC-32 and length) has been checked: a
 * corrupt payload is dead-lettered whole, and none of its events is shipped.
 */
final class HeldEvents implements PayloadSink {
  private final List<LogContext> contexts = new ArrayList<>();
  private final List<LogEvent> events = new ArrayList<>();

  @Override
  public void event(LogContext context, LogEvent event) {
    contexts.add(context);
    events.add(event);
  }

  @Override
  public void invalid(InvalidInput input) {
    throw new IllegalStateException("a payload reader reports invalid input by throwing");
  }

  void releaseTo(PayloadSink sink) {
    for (int i = 0; i < events.size(); i++) {
      sink.event(contexts.get(i), events.get(i));
    }
    contexts.clear();
    events.clear();
  }
}
