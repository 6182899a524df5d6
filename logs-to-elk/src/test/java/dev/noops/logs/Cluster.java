package dev.noops.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Test-side reads of a real Elasticsearch/OpenSearch node over plain HTTP. */
final class Cluster {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(java.time.Duration.ofSeconds(10))
          .build();
  private final URI base;

  Cluster(URI base) {
    this.base = base;
  }

  JsonNode get(String path) {
    return send("GET", path, null);
  }

  JsonNode put(String path, String body) {
    return send("PUT", path, body);
  }

  JsonNode post(String path, String body) {
    return send("POST", path, body);
  }

  /** Documents in the indices matching {@code pattern}, after a refresh (0 when none exist). */
  long count(String pattern) {
    send("POST", "/" + pattern + "/_refresh?allow_no_indices=true&ignore_unavailable=true", null);
    JsonNode count =
        send("GET", "/" + pattern + "/_count?allow_no_indices=true&ignore_unavailable=true", null);
    return count.path("count").asLong();
  }

  /**
   * The {@code _source} of the only document with this id in the indices matching {@code pattern}.
   */
  JsonNode source(String pattern, String id) {
    send("POST", "/" + pattern + "/_refresh", null);
    JsonNode hits =
        send(
                "POST",
                "/" + pattern + "/_search",
                "{\"query\":{\"ids\":{\"values\":[\"" + id + "\"]}}}")
            .path("hits")
            .path("hits");
    if (hits.size() != 1) {
      throw new AssertionError(hits.size() + " documents with id " + id + " in " + pattern);
    }
    return hits.get(0).get("_source");
  }

  JsonNode send(String method, String path, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(response.body().isEmpty() ? "{}" : response.body());
    } catch (IOException e) {
      throw new AssertionError("cannot " + method + " " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
