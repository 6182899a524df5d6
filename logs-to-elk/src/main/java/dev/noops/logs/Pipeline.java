package dev.noops.logs;

/** Event to bulk item: parse, write the document, name its index. Shared by shipping and the dry run. */
final class Pipeline {
  private final EventParser parser;
  private final DocumentWriter writer;
  private final IndexNames names;
  private final BatchLimits limits;

  Pipeline(EventParser parser, DocumentWriter writer, IndexNames names, BatchLimits limits) {
    this.parser = parser;
    this.writer = writer;
    this.names = names;
    this.limits = limits;
  }

  BulkItem item(LogContext context, LogEvent event, StreamState stream) {
    LogDocument doc = parser.parse(context, event, stream);
    return new BulkItem(names.forEvent(event.timestamp()), event.id(), writer.write(doc), context, event);
  }

  BulkItem deadLetter(BulkDelivery.Rejected rejected) {
    BulkItem item = rejected.item();
    if (item.isDeadLetter()) {
      throw new IllegalArgumentException("a dead letter cannot be dead-lettered again: " + item.id());
    }
    ItemResult result = rejected.result();
    return deadLetter(new DeadLetter(item.id(), item.event().timestamp(), item.event().message(),
        result.errorType() == null ? "rejected" : result.errorType(),
        result.reason() == null ? "HTTP " + result.status() : result.reason(), result.status(), item.context()));
  }

  BulkItem deadLetter(DeadLetter letter) {
    return new BulkItem(names.deadLetter(letter.timestamp()), letter.id(), writer.writeDeadLetter(letter), letter.context(), null);
  }

  BatchLimits limits() {
    return limits;
  }
}
