package dev.noops.configlocal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * 20 writers on one key over HTTP: compare-and-set gives exactly one winner per version and loses
 * nothing.
 */
class ConcurrentWritesTest {
  private static final int WRITERS = 20;
  private static final String KEY = "/orders/counter";
  private static Dynamo dynamo;
  private LocalApi api;
  private ExecutorService pool;

  @BeforeAll
  static void startDynamo() {
    dynamo = new Dynamo();
  }

  @AfterAll
  static void stopDynamo() {
    dynamo.close();
  }

  @BeforeEach
  void start() {
    api = new LocalApi(dynamo);
    pool = Executors.newFixedThreadPool(WRITERS);
    assertThat(api.put(KEY, "{\"value\": \"seed\"}").statusCode()).isEqualTo(201);
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
    api.close();
  }

  @Test
  void twenty_writers_with_the_same_if_match_have_exactly_one_winner() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> statuses = new ArrayList<>();
    for (int i = 0; i < WRITERS; i++) {
      String value = "writer-" + i;
      statuses.add(
          pool.submit(
              () -> {
                go.await();
                return casPut("\"1\"", value).statusCode();
              }));
    }
    go.countDown();

    List<Integer> answers = new ArrayList<>();
    for (Future<Integer> status : statuses) {
      answers.add(status.get());
    }
    assertThat(answers).containsOnly(200, 412);
    assertThat(answers).filteredOn(s -> s == 200).hasSize(1);
    assertThat(current().get("version").asLong()).isEqualTo(2);
    assertThat(dynamo.itemCount(api.table)).as("current + 2 versions").isEqualTo(3);
  }

  @Test
  void twenty_read_modify_write_loops_lose_no_update_and_the_history_is_complete()
      throws Exception {
    Set<Long> wonVersions = ConcurrentHashMap.newKeySet();
    Set<String> wonValues = ConcurrentHashMap.newKeySet();
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> losses = new ArrayList<>();
    for (int i = 0; i < WRITERS; i++) {
      String value = "writer-" + i;
      losses.add(
          pool.submit(
              () -> {
                go.await();
                int lost = 0;
                while (true) {
                  long version = current().get("version").asLong();
                  HttpResponse<String> response = casPut("\"" + version + "\"", value);
                  if (response.statusCode() == 200) {
                    long won = TestJson.JSON.readTree(response.body()).get("version").asLong();
                    assertThat(wonVersions.add(won)).as("version %d won twice", won).isTrue();
                    wonValues.add(value);
                    return lost;
                  }
                  assertThat(response.statusCode()).isEqualTo(412);
                  lost++;
                }
              }));
    }
    go.countDown();
    int totalLost = 0;
    for (Future<Integer> loss : losses) {
      totalLost += loss.get();
    }

    assertThat(wonVersions).hasSize(WRITERS);
    assertThat(current().get("version").asLong()).isEqualTo(WRITERS + 1);
    assertThat(totalLost).as("writers raced and some lost").isPositive();
    List<JsonNode> history = new ArrayList<>();
    TestJson.JSON
        .readTree(api.get("/history" + KEY + "?limit=100").body())
        .get("versions")
        .forEach(history::add);
    assertThat(history)
        .extracting(v -> v.get("version").asLong())
        .containsExactlyElementsOf(
            java.util.stream.LongStream.rangeClosed(1, WRITERS + 1)
                .map(v -> WRITERS + 2 - v)
                .boxed()
                .toList());
    assertThat(history.subList(0, WRITERS))
        .extracting(v -> v.get("value").asText())
        .containsExactlyInAnyOrderElementsOf(wonValues);
  }

  @Test
  void twenty_unconditional_writers_each_get_their_own_version() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<HttpResponse<String>>> responses = new ArrayList<>();
    for (int i = 0; i < WRITERS; i++) {
      String value = "blind-" + i;
      responses.add(
          pool.submit(
              () -> {
                go.await();
                return api.put(KEY, "{\"value\": \"" + value + "\"}");
              }));
    }
    go.countDown();

    Set<Long> versions = ConcurrentHashMap.newKeySet();
    for (Future<HttpResponse<String>> response : responses) {
      assertThat(response.get().statusCode()).as(response.get().body()).isEqualTo(200);
      versions.add(TestJson.JSON.readTree(response.get().body()).get("version").asLong());
    }
    assertThat(versions).hasSize(WRITERS);
    assertThat(
            TestJson.JSON.readTree(api.get("/history" + KEY + "?limit=100").body()).get("versions"))
        .hasSize(WRITERS + 1);
  }

  private JsonNode current() throws Exception {
    return TestJson.JSON.readTree(api.get("/config" + KEY).body());
  }

  private HttpResponse<String> casPut(String ifMatch, String value) {
    return api.send(
        api.request("/config" + KEY)
            .header("Content-Type", "application/json")
            .header("If-Match", ifMatch)
            .PUT(HttpRequest.BodyPublishers.ofString("{\"value\": \"" + value + "\"}"))
            .build());
  }
}
