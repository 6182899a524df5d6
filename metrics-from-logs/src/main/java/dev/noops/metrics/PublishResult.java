package dev.noops.metrics;

import java.util.List;

/**
 * What a {@link MetricPublisher} did with each batch.
 *
 * @param published accepted by the destination
 * @param rejected refused for good (e.g. an invalid parameter); resending would fail again
 * @param unsent not sent before the deadline, or still throttled or failing after the last retry
 */
record PublishResult(
    List<MetricBatch> published, List<MetricBatch> rejected, List<MetricBatch> unsent) {
  /** Copies the lists. */
  public PublishResult {
    published = List.copyOf(published);
    rejected = List.copyOf(rejected);
    unsent = List.copyOf(unsent);
  }

  /** Every batch published. */
  public static PublishResult allPublished(List<MetricBatch> batches) {
    return new PublishResult(batches, List.of(), List.of());
  }

  /** True when nothing was rejected or left unsent. */
  public boolean complete() {
    return rejected.isEmpty() && unsent.isEmpty();
  }

  /** The number of datums published. */
  public int publishedDatums() {
    return published.stream().mapToInt(batch -> batch.data().size()).sum();
  }

  /** The number of datums rejected or unsent. */
  public int failedDatums() {
    return rejected.stream().mapToInt(batch -> batch.data().size()).sum()
        + unsent.stream().mapToInt(batch -> batch.data().size()).sum();
  }
}
