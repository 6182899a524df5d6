package dev.noops.logs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the shipper's on-failure queue (an SQS event source mapping with {@code
 * ReportBatchItemFailures}): each message is shipped on its own ({@link Shipper#shipQueueRecord})
 * within an equal share of the time left, so one record the cluster keeps refusing cannot starve
 * the others. A record that could not be delivered is reported in {@code batchItemFailures} and
 * comes back after the queue's visibility timeout; a malformed one is dead-lettered, never retried.
 */
final class QueueDrain {
  private static final Logger LOG = LoggerFactory.getLogger(QueueDrain.class);

  /** The tree reader, made when a queue event first needs it (not by {@link #isSqsEvent}). */
  private static final class Trees {
    static final ObjectMapper JSON = new ObjectMapper(Shipper.jsonFactory());
  }

  /** Publishes the MONITORING lines of a delivered record, forgets those of a failed one. */
  interface Metrics {
    Metrics NONE =
        new Metrics() {
          @Override
          public void delivered(Instant deadline) {}

          @Override
          public void failed() {}
        };

    void delivered(Instant deadline);

    void failed();
  }

  /**
   * What a drain did.
   *
   * @param records messages read
   * @param shipped messages shipped (their events indexed or dead-lettered)
   * @param malformed messages that were not destination records (dead-lettered whole)
   * @param failed message ids to hand back to SQS
   */
  record Outcome(int records, int shipped, int malformed, List<String> failed) {}

  private final Shipper shipper;
  private final Metrics metrics;

  QueueDrain(Shipper shipper, Metrics metrics) {
    this.shipper = shipper;
    this.metrics = metrics;
  }

  /** True when {@code input} is an SQS event: {@code Records} first, its first record from SQS. */
  static boolean isSqsEvent(byte[] input) {
    try (JsonParser parser = Shipper.jsonFactory().createParser(input)) {
      if (parser.nextToken() != JsonToken.START_OBJECT
          || parser.nextToken() != JsonToken.FIELD_NAME
          || !"Records".equals(parser.currentName())
          || parser.nextToken() != JsonToken.START_ARRAY
          || parser.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (name.equals("eventSource")) {
          return value == JsonToken.VALUE_STRING && "aws:sqs".equals(parser.getText());
        }
        parser.skipChildren();
      }
      return false;
    } catch (IOException e) {
      return false; // not JSON: the shipper's decoder says why
    }
  }

  /** Ships every record of {@code event} before {@code deadline}. */
  Outcome drain(byte[] event, Instant deadline) throws IOException {
    JsonNode records = Trees.JSON.readTree(event).path("Records");
    List<String> failed = new ArrayList<>();
    int shipped = 0;
    int malformed = 0;
    for (int i = 0; i < records.size(); i++) {
      JsonNode record = records.get(i);
      String id = record.path("messageId").asText();
      JsonNode body = record.get("body");
      Duration left = Duration.between(Instant.now(), deadline);
      Duration share = left.isNegative() ? Duration.ZERO : left.dividedBy(records.size() - i);
      try {
        ShipReport report =
            shipper.shipQueueRecord(
                body != null && body.isTextual() ? body.asText() : record.toString(), share);
        metrics.delivered(deadline);
        shipped++;
        malformed += report.events() == 0 && report.invalidInputs() > 0 ? 1 : 0;
      } catch (RuntimeException e) {
        metrics.failed();
        failed.add(id);
        LOG.warn("queue record {} not delivered, it stays in the queue: {}", id, e.getMessage());
      }
    }
    return new Outcome(records.size(), shipped, malformed, List.copyOf(failed));
  }

  /** The answer SQS reads with {@code ReportBatchItemFailures}. */
  static byte[] response(Outcome outcome) {
    ObjectNode response = Trees.JSON.createObjectNode();
    ArrayNode failures = response.putArray("batchItemFailures");
    outcome.failed().forEach(id -> failures.addObject().put("itemIdentifier", id));
    return response.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
