package dev.noops.logs;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * HTTP/1.1 to Elasticsearch or OpenSearch with {@link HttpClient}: one client per execution
 * environment, so connections are kept alive across invocations; request bodies arrive
 * gzip-compressed ({@link Gzip}) and are sent with {@code Content-Encoding: gzip}; gzip responses accepted.
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

  /** A client that trusts {@code ssl} (see {@link TlsTrust}), or the JVM's defaults when null. */
  static HttpClient newClient(Duration connectTimeout, javax.net.ssl.SSLContext ssl) {
    HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout);
    return (ssl == null ? builder : builder.sslContext(ssl)).build();
  }

  @Override
  public Response send(String method, String path, byte[] gzipBody, Duration timeout) throws IOException {
    URI uri = resolve(path);
    byte[] compressed = gzipBody;
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", path.contains("_bulk") ? "application/x-ndjson" : "application/json");
    headers.put("Content-Encoding", "gzip");
    headers.put("Accept-Encoding", "gzip");
    headers.putAll(signer.headers(method, uri, headers, compressed));
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
        .method(method, HttpRequest.BodyPublishers.ofByteArray(compressed));
    headers.forEach(request::header);
    try {
      HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      return new Response(response.statusCode(), read(response));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for " + uri.getPath());
    }
  }

  private URI resolve(String path) {
    String base = endpoint.toString();
    return URI.create(base.endsWith("/") ? base + path.substring(1) : base + path);
  }

  private static byte[] read(HttpResponse<InputStream> response) throws IOException {
    boolean gzip = response.headers().firstValue("Content-Encoding").map("gzip"::equalsIgnoreCase).orElse(false);
    try (InputStream in = gzip ? new GZIPInputStream(response.body()) : response.body()) {
      return in.readAllBytes();
    }
  }
}
