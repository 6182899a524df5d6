package dev.noops.configlocal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A {@link LocalConfigServer} on a free port over a fresh table, and a real HTTP client for it. */
final class LocalApi implements AutoCloseable {
  static final String API_KEY = "local-test-key-0123456789";
  final String table;
  final LocalKeyRing keyRing = LocalKeyRing.ephemeral();
  final LocalConfigServer server;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  LocalApi(Dynamo dynamo) {
    this(dynamo, Duration.ofSeconds(30));
  }

  /** With the given idle timeout (how long a stalled request is waited for). */
  LocalApi(Dynamo dynamo, Duration idleTimeout) {
    table = dynamo.newTable();
    server =
        LocalConfigServer.builder()
            .dynamo(dynamo.json)
            .table(table)
            .keyRing(keyRing)
            .apiKey(API_KEY)
            .port(0)
            .idleTimeout(idleTimeout)
            .start();
  }

  HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(server.baseUrl() + pathAndQuery))
        .timeout(Duration.ofSeconds(30))
        .header("x-api-key", API_KEY);
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<String> get(String pathAndQuery) {
    return send(request(pathAndQuery).GET().build());
  }

  HttpResponse<String> put(String key, String json) {
    return send(
        request("/config" + key)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  @Override
  public void close() {
    server.close();
  }
}
