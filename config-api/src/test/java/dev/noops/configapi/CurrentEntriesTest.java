package dev.noops.configapi;

import static dev.noops.configapi.RestEvents.body;
import static dev.noops.configapi.RestEvents.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.noops.testsupport.AwsWireMock;
import dev.noops.testsupport.AwsWireMock.Reply;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A sole writer's kept entries: which reads reach DynamoDB (counted on the wire), and that a reader
 * never sees an entry older than a write that finished before its read started, with writers and
 * readers racing on the real emulator.
 */
class CurrentEntriesTest {
  private static final String TARGET = WireDynamo.TARGET;
  private static final String TABLE = "config";
  @RegisterExtension final AwsWireMock aws = AwsWireMock.start();
  private ConfigApiHandler handler;
  private CurrentEntries kept;

  @BeforeEach
  void handler() {
    kept = new CurrentEntries();
    handler = handler(WireDynamo.dynamoDb(aws), TABLE, kept);
  }

  @Test
  void a_second_read_of_a_key_and_of_a_missing_key_makes_no_call() {
    aws.stubJson(TARGET + "GetItem", Reply.ok(Map.of("Item", WireDynamo.wireItem("/a", "one"))));

    assertThat(body(get("/a")).get("value").asText()).isEqualTo("one");
    assertThat(body(get("/a")).get("value").asText()).isEqualTo("one");
    assertThat(aws.jsonRequests(TARGET + "GetItem")).hasSize(1);

    aws.reset();
    aws.stubJson(TARGET + "GetItem", Reply.ok(Map.of()));
    assertThat(get("/missing").get("statusCode").asInt()).isEqualTo(404);
    assertThat(get("/missing").get("statusCode").asInt()).isEqualTo(404);
    assertThat(aws.jsonRequests(TARGET + "GetItem")).hasSize(1);
  }

  @Test
  void a_failed_write_forgets_the_key_so_the_next_read_asks_the_table() {
    aws.stubJson(TARGET + "GetItem", Reply.ok(Map.of("Item", WireDynamo.wireItem("/a", "one"))));
    aws.stubJson(
        TARGET + "TransactWriteItems", Reply.error(500, "InternalServerError", "scripted"));
    get("/a");

    JsonNode put =
        request("PUT", "/config/a")
            .header("If-Match", "\"1\"")
            .json("{\"value\": \"two\"}")
            .invoke(handler);
    assertThat(put.get("statusCode").asInt()).isEqualTo(503);
    assertThat(kept.size()).isZero();

    get("/a");
    assertThat(aws.jsonRequests(TARGET + "GetItem")).hasSize(2);
  }

  @Test
  void a_failed_read_keeps_nothing_and_a_large_value_is_never_kept() {
    aws.stubJson(TARGET + "GetItem", Reply.error(500, "InternalServerError", "scripted"));
    assertThat(get("/a").get("statusCode").asInt()).isEqualTo(503);
    assertThat(kept.size()).isZero();

    aws.reset();
    String large = "x".repeat(CurrentEntries.MAX_VALUE_CHARS + 1);
    aws.stubJson(TARGET + "GetItem", Reply.ok(Map.of("Item", WireDynamo.wireItem("/big", large))));
    assertThat(body(get("/big")).get("value").asText()).isEqualTo(large);
    assertThat(body(get("/big")).get("value").asText()).isEqualTo(large);
    assertThat(aws.jsonRequests(TARGET + "GetItem")).hasSize(2);
  }

  @Test
  void keeps_at_most_its_capacity_dropping_the_least_recently_read() {
    aws.stubJson(TARGET + "GetItem", Reply.ok(Map.of()));
    for (int i = 0; i <= CurrentEntries.CAPACITY; i++) {
      kept.keep("/k" + i, java.util.Optional.empty(), kept.stamp());
      if (i == 0) {
        continue;
      }
      kept.get("/k0"); // read again: stays
    }
    assertThat(kept.size()).isEqualTo(CurrentEntries.CAPACITY);
    assertThat(kept.get("/k0")).isNotNull();
    assertThat(kept.get("/k1")).isNull();
  }

  @Test
  void a_read_overlapping_a_write_is_not_kept() {
    long stamp = kept.stamp();
    kept.writing("/other");
    kept.keep("/a", java.util.Optional.empty(), stamp);
    assertThat(kept.get("/a")).isNull();
  }

  @Test
  void readers_racing_writers_never_see_a_version_older_than_a_finished_write() throws Exception {
    try (Dynamo dynamo = new Dynamo()) {
      String table = dynamo.newTable();
      ConfigApiHandler shared = handler(dynamo.api, table, new CurrentEntries());
      int writes = 60;
      AtomicLong finished = new AtomicLong(); // the highest version a PUT has answered
      AtomicBoolean done = new AtomicBoolean();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<Integer>> readers = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
          readers.add(
              pool.submit(
                  () -> {
                    int reads = 0;
                    while (!done.get()) {
                      long before = finished.get();
                      JsonNode got = request("GET", "/config/race").invoke(shared);
                      if (got.get("statusCode").asInt() == 200) {
                        long version = body(got).get("version").asLong();
                        assertThat(version).isGreaterThanOrEqualTo(before);
                        assertThat(body(got).get("value").asText()).isEqualTo("v" + version);
                      } else {
                        assertThat(before).isZero();
                      }
                      reads++;
                    }
                    return reads;
                  }));
        }
        for (int v = 1; v <= writes; v++) {
          JsonNode put =
              request("PUT", "/config/race").json("{\"value\": \"v" + v + "\"}").invoke(shared);
          assertThat(put.get("statusCode").asInt()).isIn(200, 201);
          finished.set(v);
        }
        done.set(true);
        int reads = 0;
        for (Future<Integer> reader : readers) {
          reads += reader.get();
        }
        assertThat(reads).isPositive();
      } finally {
        pool.shutdownNow();
      }
      JsonNode last = body(request("GET", "/config/race").invoke(shared));
      assertThat(last.get("version").asLong()).isEqualTo(writes);
      // and what the table holds agrees with what the handler answers
      JsonNode fresh =
          body(request("GET", "/config/race").invoke(handler(dynamo.api, table, null)));
      assertThat(fresh.get("version").asLong()).isEqualTo(writes);
    }
  }

  private JsonNode get(String key) {
    return request("GET", "/config" + key).invoke(handler);
  }

  private static ConfigApiHandler handler(DynamoDb dynamo, String table, CurrentEntries kept) {
    return new ConfigApiHandler(
        new ConfigApi(
            new ConfigService(
                new ConfigStore(dynamo, table, kept), new TestSealer(), Clock.systemUTC())));
  }
}
