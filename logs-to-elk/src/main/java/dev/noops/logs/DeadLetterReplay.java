package dev.noops.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Re-ships the events of the dead-letter indices {@code <prefix>-failed-*} once their cause is
 * fixed: page by page ({@code search_after}, oldest first), each event through the normal pipeline
 * with its original id and log group, so replaying twice duplicates nothing. A page whose events
 * are all indexed has its letters deleted; a page with an event refused again keeps its letters
 * (the refused ones carry the new reason). Letters of unreadable input have no log group and are
 * skipped.
 */
final class DeadLetterReplay {
  static final int PAGE = 200;

  private final Transport transport;
  private final ObjectMapper mapper;
  private final String pattern;

  DeadLetterReplay(Transport transport, ObjectMapper mapper, String prefix) {
    this.transport = transport;
    this.mapper = mapper;
    this.pattern = prefix + "-failed-*";
  }

  /** One dead letter: where it is and what it was. */
  record Letter(String index, String id, LogContext context, LogEvent event) {}

  /** Reads every page; {@code page} ships one page and returns whether all of it was indexed. */
  ReplaySummary run(
      boolean dryRun, PageShipper shipper, Consumer<ReplaySummary> progress, Duration timeout)
      throws IOException {
    ReplaySummary total = new ReplaySummary(0, 0, 0, 0, 0);
    JsonNode after = null;
    while (true) {
      JsonNode hits = search(after, timeout);
      if (hits.isEmpty()) {
        return total;
      }
      List<Letter> letters = new ArrayList<>();
      int skipped = 0;
      for (JsonNode hit : hits) {
        Letter letter = letter(hit);
        if (letter == null) {
          skipped++;
        } else {
          letters.add(letter);
        }
      }
      ReplaySummary page = new ReplaySummary(hits.size(), 0, 0, skipped, 0);
      if (!dryRun && !letters.isEmpty()) {
        ShipReport report = shipper.ship(letters);
        boolean clean = report.deadLettered() == 0 && report.indexed() == letters.size();
        page =
            new ReplaySummary(
                hits.size(),
                report.indexed() - report.deadLettered(),
                report.deadLettered(),
                skipped,
                clean ? delete(letters, timeout) : 0);
      }
      total = total.plus(page);
      progress.accept(total);
      after = hits.get(hits.size() - 1).get("sort");
    }
  }

  /** Ships one page of letters. */
  interface PageShipper {
    ShipReport ship(List<Letter> letters);
  }

  private JsonNode search(JsonNode after, Duration timeout) throws IOException {
    ObjectNode query = mapper.createObjectNode().put("size", PAGE);
    query
        .putArray("sort")
        .add(mapper.createObjectNode().put("@timestamp", "asc"))
        .add(mapper.createObjectNode().put("event.id", "asc"));
    if (after != null) {
      query.set("search_after", after);
    }
    Transport.Response response =
        transport.send(
            "POST",
            "/" + pattern + "/_search?ignore_unavailable=true&allow_no_indices=true",
            Gzip.of(mapper.writeValueAsBytes(query)),
            true,
            timeout);
    if (response.status() != 200) {
      throw new IOException("searching " + pattern + " answered HTTP " + response.status());
    }
    return mapper.readTree(response.body()).path("hits").path("hits");
  }

  private static Letter letter(JsonNode hit) {
    JsonNode source = hit.path("_source");
    String group = text(source, "aws.cloudwatch.log_group");
    String original = text(source, "event.original");
    if (group == null || original == null) {
      return null;
    }
    LogContext context =
        new LogContext(
            text(source, "cloud.account.id"),
            text(source, "cloud.region"),
            group,
            text(source, "aws.cloudwatch.log_stream"));
    long timestamp = Instant.parse(source.path("@timestamp").asText()).toEpochMilli();
    return new Letter(
        hit.path("_index").asText(),
        hit.path("_id").asText(),
        context,
        new LogEvent(hit.path("_id").asText(), timestamp, original));
  }

  private int delete(List<Letter> letters, Duration timeout) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (Letter letter : letters) {
      ObjectNode action = mapper.createObjectNode();
      action.putObject("delete").put("_index", letter.index()).put("_id", letter.id());
      body.write(mapper.writeValueAsBytes(action));
      body.write('\n');
    }
    Transport.Response response =
        transport.send("POST", "/_bulk?refresh=true", Gzip.of(body.toByteArray()), true, timeout);
    if (response.status() != 200) {
      throw new IOException("deleting replayed dead letters answered HTTP " + response.status());
    }
    int deleted = 0;
    for (JsonNode item : mapper.readTree(response.body()).path("items")) {
      int status = item.path("delete").path("status").asInt();
      deleted += status == 200 || status == 404 ? 1 : 0;
    }
    return deleted;
  }

  private static String text(JsonNode source, String field) {
    JsonNode value = source.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }

  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
