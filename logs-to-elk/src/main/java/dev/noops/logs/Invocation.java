package dev.noops.logs;

import dev.noops.support.Deadline;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One invocation's work: documents are batched as the input is decoded and each full batch is
 * delivered before more is read, so memory stays bounded by the batch size. Rejected items and
 * unreadable input become dead letters, delivered with each batch.
 */
final class Invocation implements PayloadSink {
  private static final Logger LOG = LoggerFactory.getLogger(Invocation.class);

  private final Pipeline pipeline;
  private final BulkDelivery delivery;
  private final Deadline deadline;
  private final java.util.function.Consumer<String> invalidInput;
  private final List<BulkItem> batch = new ArrayList<>();
  private final List<BulkItem> deadLetters = new ArrayList<>();
  private LogContext streamContext;
  private StreamState stream;
  private int batchBytes;
  private int events;
  private int indexed;
  private int deadLettered;
  private int invalid;

  Invocation(Pipeline pipeline, BulkDelivery delivery, Deadline deadline) {
    this(pipeline, delivery, deadline, null);
  }

  /**
   * @param invalidInput where unreadable input goes instead of the dead-letter index (null:
   *     dead-letter it)
   */
  Invocation(
      Pipeline pipeline,
      BulkDelivery delivery,
      Deadline deadline,
      java.util.function.Consumer<String> invalidInput) {
    this.pipeline = pipeline;
    this.delivery = delivery;
    this.deadline = deadline;
    this.invalidInput = invalidInput;
  }

  @Override
  @SuppressWarnings("ReferenceEquality") // identity is the cache key: one LogContext per payload
  public void event(LogContext context, LogEvent event) {
    if (context != streamContext) {
      streamContext = context;
      stream = new StreamState();
    }
    events++;
    BulkItem item = pipeline.item(context, event, stream);
    if (item == null) {
      return; // dropped by the filter, counted by the pipeline
    }
    batch.add(item);
    batchBytes += item.size();
    if (pipeline.limits().full(batchBytes, batch.size())) {
      flush();
    }
  }

  @Override
  public void invalid(InvalidInput input) {
    invalid++;
    if (invalidInput != null) {
      invalidInput.accept(input.reason());
      return;
    }
    LOG.error(
        "input is not CloudWatch Logs data and goes to the dead-letter index: {} (id {})",
        input.reason(),
        input.id());
    deadLetters.add(
        pipeline.deadLetter(
            new DeadLetter(
                input.id(),
                System.currentTimeMillis(),
                input.original(),
                "invalid_input",
                input.reason(),
                0,
                null)));
  }

  /** Delivers what is batched and the dead letters so far. */
  void flush() {
    if (!batch.isEmpty()) {
      BulkDelivery.Outcome outcome = delivery.deliver(List.copyOf(batch), deadline);
      indexed += outcome.indexed();
      for (BulkDelivery.Rejected rejected : outcome.rejected()) {
        deadLetters.add(pipeline.deadLetter(rejected));
      }
      batch.clear();
      batchBytes = 0;
    }
    if (!deadLetters.isEmpty()) {
      BulkDelivery.Outcome outcome = delivery.deliver(List.copyOf(deadLetters), deadline);
      indexed += outcome.indexed();
      deadLettered += deadLetters.size();
      deadLetters.clear();
      if (!outcome.rejected().isEmpty()) {
        ItemResult first = outcome.rejected().get(0).result();
        throw new ShipperException(
            outcome.rejected().size()
                + " dead letters were rejected too (first: HTTP "
                + first.status()
                + " "
                + first.errorType()
                + "); failing the invocation so nothing is lost");
      }
    }
  }

  ShipReport report() {
    Pipeline.Effects effects = pipeline.drainEffects();
    return new ShipReport(
        events,
        indexed,
        deadLettered,
        invalid,
        effects.dropped(),
        effects.redactions(),
        effects.untaggedRoutes());
  }
}
