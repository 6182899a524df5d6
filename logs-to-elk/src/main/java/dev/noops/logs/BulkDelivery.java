package dev.noops.logs;

import dev.noops.support.Backoff;
import dev.noops.support.Deadline;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers items with {@code _bulk} until each one is indexed or can never be: per-item results are
 * read; busy (429, {@code es_rejected_execution_exception}) and 5xx items are sent again, alone, in
 * later rounds with backoff; whole-request failures (refused, reset, timeout, 5xx) resend the
 * request; a 413 splits it. Items already indexed are never resent. When the deadline comes first,
 * {@link BudgetExhaustedException} fails the invocation: its retry reuses the same ids.
 */
final class BulkDelivery {
  private static final Logger LOG = LoggerFactory.getLogger(BulkDelivery.class);

  /**
   * {@code _bulk}, answering only what {@link BulkResponseParser} reads: the {@code errors} flag
   * and each item's {@code status} and {@code error} (Elasticsearch and OpenSearch both filter
   * responses by {@code filter_path}). Every item keeps its status, so the items stay in request
   * order; the {@code _index}, {@code _id}, {@code _shards}, {@code _seq_no}... of a response are
   * not sent, read or parsed, which is most of its bytes.
   */
  static final String BULK_PATH = "/_bulk?filter_path=errors,items.*.status,items.*.error";

  private final Transport transport;
  private final BulkBody body;
  private final BulkResponseParser responses;
  private final IndexNames names;
  private final RetryPolicy retry;
  private final Backoff backoff;
  private final BatchLimits limits;

  BulkDelivery(
      Transport transport,
      BulkBody body,
      BulkResponseParser responses,
      IndexNames names,
      RetryPolicy retry,
      BatchLimits limits) {
    this.transport = transport;
    this.body = body;
    this.responses = responses;
    this.names = names;
    this.retry = retry;
    this.backoff = retry.backoff();
    this.limits = limits;
  }

  /** An item that can never be indexed, with the cluster's reason. */
  record Rejected(BulkItem item, ItemResult result) {}

  /** How many items were indexed and which ones were rejected for good. */
  record Outcome(int indexed, List<Rejected> rejected) {}

  Outcome deliver(List<BulkItem> items, Deadline deadline) {
    List<BulkItem> pending = items;
    List<Rejected> rejected = new ArrayList<>();
    int indexed = 0;
    for (int round = 1; !pending.isEmpty(); round++) {
      if (deadline.remaining().compareTo(RetryPolicy.MIN_REQUEST_TIME) < 0) {
        throw new BudgetExhaustedException(pending.size());
      }
      List<BulkItem> again = new ArrayList<>();
      for (List<BulkItem> chunk : limits.split(pending)) {
        indexed += send(chunk, deadline, again, rejected);
      }
      if (!again.isEmpty()) {
        pause(round, deadline, again.size());
      }
      pending = again;
    }
    return new Outcome(indexed, rejected);
  }

  private int send(
      List<BulkItem> chunk, Deadline deadline, List<BulkItem> again, List<Rejected> rejected) {
    if (deadline.remaining().compareTo(RetryPolicy.MIN_REQUEST_TIME) < 0) {
      again.addAll(chunk);
      return 0;
    }
    byte[] encoded = body.encoded(chunk);
    if (deadline.remaining().compareTo(RetryPolicy.MIN_REQUEST_TIME) < 0) {
      again.addAll(chunk); // encoding a large chunk used up what was left: no zero-length timeout
      return 0;
    }
    Transport.Response response;
    try {
      response =
          transport.send("POST", BULK_PATH, encoded, body.gzipped(), retry.timeout(deadline));
    } catch (IOException e) {
      LOG.warn(
          "_bulk request of {} documents failed ({}); it will be sent again",
          chunk.size(),
          e.getClass().getSimpleName());
      again.addAll(chunk);
      return 0;
    }
    int status = response.status();
    if (status == 413) {
      return splitTooLarge(chunk, deadline, again, rejected);
    }
    if (status == 401 || status == 403) {
      throw new ShipperException(
          "the cluster refused the shipper's credentials (HTTP " + status + ")");
    }
    if (status < 200 || status >= 300) {
      LOG.warn(
          "_bulk request of {} documents answered HTTP {}; it will be sent again",
          chunk.size(),
          status);
      again.addAll(chunk);
      return 0;
    }
    return results(chunk, response, again, rejected);
  }

  private int splitTooLarge(
      List<BulkItem> chunk, Deadline deadline, List<BulkItem> again, List<Rejected> rejected) {
    if (chunk.size() == 1) {
      rejected.add(
          new Rejected(
              chunk.get(0),
              new ItemResult(
                  413,
                  "request_entity_too_large",
                  "the document alone is larger than the cluster accepts in one request")));
      return 0;
    }
    LOG.info("_bulk request of {} documents was too large (HTTP 413); splitting it", chunk.size());
    int half = chunk.size() / 2;
    return send(chunk.subList(0, half), deadline, again, rejected)
        + send(chunk.subList(half, chunk.size()), deadline, again, rejected);
  }

  private int results(
      List<BulkItem> chunk,
      Transport.Response response,
      List<BulkItem> again,
      List<Rejected> rejected) {
    List<ItemResult> results;
    try {
      results = responses.parse(response.body());
    } catch (IOException e) {
      LOG.warn(
          "_bulk response could not be read ({}); sending {} documents again",
          e.getMessage(),
          chunk.size());
      again.addAll(chunk);
      return 0;
    }
    if (results.size() != chunk.size()) {
      LOG.warn(
          "_bulk response has {} results for {} documents; sending them again",
          results.size(),
          chunk.size());
      again.addAll(chunk);
      return 0;
    }
    int indexed = 0;
    Map<String, Integer> failures = new TreeMap<>();
    for (int i = 0; i < chunk.size(); i++) {
      BulkItem item = chunk.get(i);
      ItemResult result = results.get(i);
      if (result.succeeded(names.operation(item).equals("create"))) {
        indexed++;
        continue;
      }
      failures.merge(result.status() + " " + result.errorType(), 1, Integer::sum);
      if (result.retryable()) {
        again.add(item);
      } else {
        rejected.add(new Rejected(item, result));
      }
    }
    if (!failures.isEmpty()) {
      LOG.warn(
          "_bulk items failed: {} (of {}); busy ones are sent again, rejected ones dead-lettered",
          failures,
          chunk.size());
    }
    return indexed;
  }

  private void pause(int round, Deadline deadline, int waiting) {
    try {
      // never into the time the next request needs
      Duration slept =
          backoff.pause(round, deadline.remaining().minus(RetryPolicy.MIN_REQUEST_TIME));
      LOG.info(
          "round {}: {} documents waited {} ms before being sent again",
          round,
          waiting,
          slept.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ShipperException("interrupted while waiting to retry", e);
    }
  }
}
