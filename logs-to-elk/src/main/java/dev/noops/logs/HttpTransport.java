package dev.noops.logs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;

/**
 * HTTP/1.1 to Elasticsearch or OpenSearch with {@link HttpClient}: one client per execution
 * environment, so connections are kept alive across invocations; request bodies arrive
 * gzip-compressed ({@link Gzip}) unless compression is off, and are sent with {@code
 * Content-Encoding: gzip}; gzip responses accepted. The timeout bounds the whole exchange, the
 * body's last byte included: a cluster that sends headers and then stalls costs the timeout, never
 * more.
 */
final class HttpTransport implements Transport {
  private final HttpClient client;
  private final URI endpoint;
  private final RequestSigner signer;

  HttpTransport(HttpClient client, URI endpoint, RequestSigner signer) {
    this.client = client;
    this.endpoint = endpoint;
    this.signer = signer;
  }

  static HttpClient newClient(Duration connectTimeout) {
    return newClient(connectTimeout, null);
  }

  /**
   * A client for {@code endpoint} that trusts {@code ssl} (see {@link TlsTrust}), or the JVM's
   * defaults when null; for an {@code http} endpoint without {@code ssl}, one that builds no TLS
   * context at all ({@link NoTls}).
   */
  static HttpClient newClient(Duration connectTimeout, URI endpoint, javax.net.ssl.SSLContext ssl) {
    boolean plain = ssl == null && "http".equalsIgnoreCase(endpoint.getScheme());
    return newClient(connectTimeout, plain ? NoTls.CONTEXT : ssl);
  }

  /** A client that trusts {@code ssl} (see {@link TlsTrust}), or the JVM's defaults when null. */
  static HttpClient newClient(Duration connectTimeout, javax.net.ssl.SSLContext ssl) {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .executor(Runnable::run);
    return (ssl == null ? builder : builder.sslContext(ssl)).build();
  }

  @Override
  public Response send(String method, String path, byte[] body, boolean gzipped, Duration timeout)
      throws IOException {
    URI uri = resolve(path);
    if (timeout.isNegative() || timeout.isZero()) {
      // the JDK client refuses a zero timeout with an IllegalArgumentException; this is the
      // deadline that has passed, a timeout like any other
      throw new HttpTimeoutException(
          "no time left for " + uri.getPath() + ": the invocation's deadline has passed");
    }
    byte[] compressed = body;
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(
        "Content-Type", path.contains("_bulk") ? "application/x-ndjson" : "application/json");
    if (gzipped) {
      headers.put("Content-Encoding", "gzip");
    }
    headers.put("Accept-Encoding", "gzip");
    headers.putAll(signer.headers(method, uri, headers, compressed));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .method(method, HttpRequest.BodyPublishers.ofByteArray(compressed));
    headers.forEach(request::header);
    // the request timeout covers the headers only: the whole exchange, body included, is bounded
    // here
    CompletableFuture<HttpResponse<byte[]>> exchange =
        client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    try {
      HttpResponse<byte[]> response = exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return new Response(response.statusCode(), decode(response));
    } catch (TimeoutException e) {
      exchange.cancel(true); // aborts the exchange and closes its connection
      throw new HttpTimeoutException(
          "no complete answer from " + uri.getPath() + " within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      exchange.cancel(true);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for " + uri.getPath());
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
  }

  private URI resolve(String path) {
    String base = endpoint.toString();
    return URI.create(base.endsWith("/") ? base + path.substring(1) : base + path);
  }

  private static byte[] decode(HttpResponse<byte[]> response) throws IOException {
    boolean gzip =
        response
            .headers()
            .firstValue("Content-Encoding")
            .map("gzip"::equalsIgnoreCase)
            .orElse(false);
    if (!gzip) {
      return response.body();
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
      return in.readAllBytes();
    }
  }
}
