package dev.noops.logs;

import java.io.OutputStream;
import java.util.Map;

/**
 * Event to bulk item: redact, parse, filter, write the document, route it to its index. Shared by
 * shipping and the dry run.
 */
final class Pipeline {
  private final EventParser parser;
  private final DocumentWriter writer;
  private final IndexRouter router;
  private final BatchLimits limits;
  private final Redactor redactor;
  private final EventFilter filter;
  private final TagEnricher tags;
  private int dropped;
  private TagEnricher.Tags known = TagEnricher.Tags.UNKNOWN;
  private int untaggedRoutes;

  Pipeline(
      EventParser parser,
      DocumentWriter writer,
      IndexRouter router,
      BatchLimits limits,
      Redactor redactor,
      EventFilter filter,
      TagEnricher tags) {
    this.parser = parser;
    this.writer = writer;
    this.router = router;
    this.limits = limits;
    this.redactor = redactor;
    this.filter = filter;
    this.tags = tags;
  }

  /** The item for {@code event}, or null when the filter drops it (counted). */
  BulkItem item(LogContext context, LogEvent event, StreamState stream) {
    LogEvent clean = clean(event);
    LogDocument doc = document(context, clean, stream);
    if (doc == null) {
      return null;
    }
    return new BulkItem(index(context, clean), clean.id(), writer.write(doc), context, clean);
  }

  /**
   * Writes the {@code _bulk} lines of {@code event} to {@code out} as {@link #item} would make them
   * (nothing when the filter drops it), the document straight from the writer's buffer.
   */
  void render(
      LogContext context, LogEvent event, StreamState stream, BulkBody body, OutputStream out) {
    LogEvent clean = clean(event);
    LogDocument doc = document(context, clean, stream);
    if (doc != null) {
      String index = index(context, clean);
      JsonBuffer source = writer.render(doc);
      body.write(
          index, clean.id(), source.array(), source.size(), writer.idFrom(), writer.idTo(), out);
    }
  }

  /**
   * Redacted first: the document, its json fields and any dead letter are made from the clean text.
   */
  private LogEvent clean(LogEvent event) {
    return redactor.active()
        ? new LogEvent(event.id(), event.timestamp(), redactor.redact(event.message()))
        : event;
  }

  /** The document, or null when the filter drops it (counted); its tags are kept for routing. */
  private LogDocument document(LogContext context, LogEvent clean, StreamState stream) {
    LogDocument doc = parser.parse(context, clean, stream);
    if (!filter.keeps(doc)) {
      dropped++;
      return null;
    }
    known = tags(context);
    if (tags.addsLabels() && !known.labels().isEmpty()) {
      doc = doc.withLabels(known.labels());
    }
    if (router.byTag() && !known.known() && context != null && context.logGroup() != null) {
      untaggedRoutes++; // routed by name rules or to the default: the lookup failed or must wait
    }
    return doc;
  }

  /** The index of a document just made by {@link #document}. */
  private String index(LogContext context, LogEvent clean) {
    return router.names(context, known).forEvent(clean.timestamp());
  }

  private TagEnricher.Tags tags(LogContext context) {
    return tags.addsLabels() || router.byTag() ? tags.tags(context) : TagEnricher.Tags.UNKNOWN;
  }

  /**
   * Events dropped by the filter, redactions per rule and events routed without their tags since
   * the last call.
   */
  Effects drainEffects() {
    Effects effects = new Effects(dropped, redactor.drainCounts(), untaggedRoutes);
    dropped = 0;
    untaggedRoutes = 0;
    return effects;
  }

  /**
   * What filtering, redaction and routing did.
   *
   * @param untaggedRoutes events that tag rules could not route because their log group's tags were
   *     unknown (they went by name rules or to the default prefix)
   */
  record Effects(int dropped, Map<String, Integer> redactions, int untaggedRoutes) {}

  BulkItem deadLetter(BulkDelivery.Rejected rejected) {
    BulkItem item = rejected.item();
    if (item.isDeadLetter()) {
      throw new IllegalArgumentException(
          "a dead letter cannot be dead-lettered again: " + item.id());
    }
    ItemResult result = rejected.result();
    return deadLetter(
        new DeadLetter(
            item.id(),
            item.event().timestamp(),
            item.event().message(),
            result.errorType() == null ? "rejected" : result.errorType(),
            result.reason() == null ? "HTTP " + result.status() : result.reason(),
            result.status(),
            item.context()));
  }

  BulkItem deadLetter(DeadLetter letter) {
    return new BulkItem(
        router.names(letter.context(), tags(letter.context())).deadLetter(letter.timestamp()),
        letter.id(),
        writer.writeDeadLetter(letter),
        letter.context(),
        null);
  }

  BatchLimits limits() {
    return limits;
  }
}
