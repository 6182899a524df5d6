package dev.noops.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * One quick {@code GET /} before {@code ship --es} starts: a terminal user whose cluster is not
 * running hears so at once, in words, instead of watching a minute of retries meant for Lambda. Any
 * HTTP answer (401 included) counts as reachable; the shipper handles the rest.
 */
final class ClusterProbe {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private ClusterProbe() {}

  /** Why {@code endpoint} cannot be reached, or empty when it answered. */
  static Optional<String> unreachable(URI endpoint) {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();
    CompletableFuture<HttpResponse<InputStream>> answer =
        client.sendAsync(
            HttpRequest.newBuilder(endpoint).timeout(TIMEOUT).GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
    try {
      answer
          .get(TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS)
          .body()
          .close(); // headers are enough
      return Optional.empty();
    } catch (TimeoutException e) {
      answer.cancel(true);
      return Optional.of("no answer within " + TIMEOUT.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    } catch (ExecutionException | IOException e) {
      return Optional.of(describe(e instanceof ExecutionException ? e.getCause() : e));
    }
  }

  private static String describe(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof HttpConnectTimeoutException) {
        return "no connection within " + TIMEOUT.toSeconds() + " s";
      }
      if (cause instanceof ConnectException) {
        return "connection refused: nothing listens there";
      }
      if (cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException) {
        return "unknown host";
      }
      if (cause instanceof SSLException) {
        return "TLS failed (" + cause.getMessage() + ")";
      }
    }
    return "no answer (" + (e.getMessage() == null ? "connection closed" : e.getMessage()) + ")";
  }
}
