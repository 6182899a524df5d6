package dev.noops.configapi;

import static dev.noops.configapi.RestEvents.body;
import static dev.noops.configapi.RestEvents.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 15 fault 2: following every nextToken of /history ends cleanly, whatever the version count
 * and page size.
 */
class HistoryPagingTest {
  private static Dynamo dynamo;

  @BeforeAll
  static void startDynamo() {
    dynamo = new Dynamo();
  }

  @AfterAll
  static void stopDynamo() {
    dynamo.close();
  }

  @ParameterizedTest(name = "{0} versions, pages of {1}")
  @CsvSource({"2, 2", "1, 1", "4, 2", "6, 3", "3, 2", "5, 1"})
  void every_version_is_listed_once_and_the_last_token_never_fails(int versions, int limit) {
    ConfigApiHandler handler =
        new ConfigApiHandler(
            new ConfigApi(
                new ConfigService(
                    new ConfigStore(dynamo.api, dynamo.newTable()),
                    new TestSealer(),
                    Clock.systemUTC())));
    for (int i = 1; i <= versions; i++) {
      request("PUT", "/config/k")
          .header("Content-Type", "application/json")
          .body("{\"value\": \"" + i + "\"}")
          .invoke(handler);
    }
    List<Long> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      RestEvents page = request("GET", "/history/k").query("limit", Integer.toString(limit));
      if (token != null) {
        page.query("nextToken", token);
      }
      JsonNode answer = page.invoke(handler);
      assertThat(answer.get("statusCode").asInt()).as("page %d", pages + 1).isEqualTo(200);
      JsonNode history = body(answer);
      history.get("versions").forEach(v -> seen.add(v.get("version").asLong()));
      token = history.get("nextToken").isNull() ? null : history.get("nextToken").asText();
      pages++;
    } while (token != null && pages < 20);

    assertThat(seen)
        .containsExactlyElementsOf(
            LongStream.rangeClosed(1, versions).map(v -> versions + 1 - v).boxed().toList());
    assertThat(pages).isEqualTo((versions + limit - 1) / limit);
  }

  @ParameterizedTest
  @CsvSource({"1", "0"})
  void a_token_past_the_first_version_answers_an_empty_last_page(long before) {
    ConfigApiHandler handler =
        new ConfigApiHandler(
            new ConfigApi(
                new ConfigService(
                    new ConfigStore(dynamo.api, dynamo.newTable()),
                    new TestSealer(),
                    Clock.systemUTC())));
    request("PUT", "/config/k")
        .header("Content-Type", "application/json")
        .body("{\"value\": \"1\"}")
        .invoke(handler);

    JsonNode answer =
        request("GET", "/history/k")
            .query("nextToken", PageToken.ofVersion(before))
            .invoke(handler);

    assertThat(answer.get("statusCode").asInt()).isEqualTo(200);
    assertThat(body(answer).get("versions")).isEmpty();
    assertThat(body(answer).get("nextToken").isNull()).isTrue();
  }
}
