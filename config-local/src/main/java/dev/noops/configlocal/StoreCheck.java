package dev.noops.configlocal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks, through the API itself, that the store holds every key at least at the version the write
 * log recorded: the newest entry of {@code /history/{key}}. A store that lost writes, or cannot be
 * read, is refused unless the user chose {@code --repair}, which keeps what is there and forgets
 * what was lost.
 */
final class StoreCheck {
  private static final int EXAMPLES = 5;
  private final URI base;
  private final String apiKey;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  StoreCheck(URI base, String apiKey) {
    this.base = base;
    this.apiKey = apiKey;
  }

  /** The newest version of each key the store holds now, and what the user should be told. */
  record Outcome(Map<String, Long> newest, List<String> notes) {}

  Outcome verify(Map<String, Long> logged, Path db, LocalStack.Recovery recovery) {
    Map<String, Long> newest = new TreeMap<>();
    List<String> lost = new ArrayList<>();
    int unreadable = 0;
    for (Map.Entry<String, Long> entry : logged.entrySet()) {
      long stored = newestVersion(entry.getKey());
      if (stored == -2) {
        unreadable++;
        continue;
      }
      if (stored < entry.getValue()) {
        lost.add(
            entry.getKey()
                + " (written at version "
                + entry.getValue()
                + ", the store has "
                + (stored < 0 ? "no such key" : "version " + stored)
                + ")");
      }
      if (stored > 0) {
        newest.put(entry.getKey(), stored);
      }
    }
    if (lost.isEmpty() && unreadable == 0) {
      return new Outcome(newest, List.of());
    }
    String found =
        (unreadable > 0 ? unreadable + " key(s) cannot be read (the database is damaged)" : "")
            + (unreadable > 0 && !lost.isEmpty() ? "; " : "")
            + (lost.isEmpty()
                ? ""
                : lost.size()
                    + " of "
                    + logged.size()
                    + " key(s) lost their latest writes, e.g. "
                    + String.join(", ", lost.subList(0, Math.min(EXAMPLES, lost.size()))));
    if (recovery != LocalStack.Recovery.REPAIR || unreadable > 0) {
      throw new LocalStoreException(
          "the local store "
              + db
              + " is not what noops local last wrote: "
              + found
              + ". This happens when its SQLite files (dynamodb.sqlite, dynamodb.sqlite-wal) are"
              + " deleted, truncated or damaged after a crash or kill -9. Nothing was served."
              + " Choose: restore the files from a backup; "
              + (unreadable > 0
                  ? ""
                  : "run again with --repair to keep what the store holds and forget the lost"
                      + " writes; ")
              + "or run again with --reset to move the store aside and start empty.");
    }
    return new Outcome(newest, List.of("--repair: kept what the store holds; " + found));
  }

  // the newest version (deletions count), -1 if the key has no history, -2 if the API could not
  // read it
  private long newestVersion(String key) {
    try {
      URI uri =
          new URI(
              base.getScheme(),
              null,
              base.getHost(),
              base.getPort(),
              "/history" + key,
              "limit=1",
              null);
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(uri)
                  .header("x-api-key", apiKey)
                  .timeout(Duration.ofSeconds(30))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 404) {
        return -1;
      }
      if (response.statusCode() != 200) {
        return -2;
      }
      JsonNode versions = ProxyEvent.JSON.readTree(response.body()).path("versions");
      return versions.isEmpty() ? -1 : versions.get(0).path("version").asLong(-2);
    } catch (IOException | URISyntaxException e) {
      return -2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking the local store", e);
    }
  }
}
