package dev.noops.logs;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * HTTP/1.1 to Elasticsearch or OpenSearch over a plain socket ({@link HttpExchange} writes the
 * request and reads the answer): one connection is kept alive across invocations; request bodies
 * arrive gzip-compressed ({@link Gzip}) unless compression is off, and are sent with {@code
 * Content-Encoding: gzip}; gzip answers are accepted. The timeout bounds the whole exchange, the
 * answer's last byte included: every read waits at most until the deadline, and a watchdog closes
 * the connection at the deadline (a cluster that stops reading the request), so a cluster that
 * sends headers and then stalls costs the timeout, never more. A timeout that has already run out
 * throws {@link HttpTimeoutException} without opening a connection. A request on a kept-alive
 * connection that the cluster had closed meanwhile (no byte of an answer) is sent again once, on a
 * new connection. {@code https} endpoints use the given TLS context (see {@link TlsTrust}) or the
 * JVM's, with the host name checked; an {@code http} endpoint never touches TLS.
 */
final class HttpTransport implements Transport {
  /** How connections are opened: the connect timeout and, for https, the TLS context. */
  record Client(Duration connectTimeout, SSLContext ssl) {}

  private final Client client;
  private final URI endpoint;
  private final RequestSigner signer;
  private final boolean tls;
  private final String host;
  private final int port;
  private final String hostHeader;
  private final AtomicReference<HttpExchange> idle = new AtomicReference<>();

  HttpTransport(Client client, URI endpoint, RequestSigner signer) {
    this.client = client;
    this.endpoint = endpoint;
    this.signer = signer;
    this.tls = "https".equalsIgnoreCase(endpoint.getScheme());
    if (!tls && !"http".equalsIgnoreCase(endpoint.getScheme())) {
      throw new IllegalArgumentException("the endpoint must be http or https: " + endpoint);
    }
    this.host = endpoint.getHost();
    int defaultPort = tls ? 443 : 80;
    this.port = endpoint.getPort() == -1 ? defaultPort : endpoint.getPort();
    // as SigV4 signs it: the port only when it is not the scheme's
    this.hostHeader =
        endpoint.getPort() == -1 || endpoint.getPort() == defaultPort
            ? host
            : host + ":" + endpoint.getPort();
  }

  static Client newClient(Duration connectTimeout) {
    return new Client(connectTimeout, null);
  }

  /**
   * Connections to {@code endpoint} that trust {@code ssl} (see {@link TlsTrust}), or the JVM's
   * defaults when null; an {@code http} endpoint builds no TLS context at all.
   */
  static Client newClient(Duration connectTimeout, URI endpoint, SSLContext ssl) {
    return new Client(connectTimeout, "https".equalsIgnoreCase(endpoint.getScheme()) ? ssl : null);
  }

  @Override
  public Response send(String method, String path, byte[] body, boolean gzipped, Duration timeout)
      throws IOException {
    URI uri = resolve(path);
    if (timeout.isNegative() || timeout.isZero()) {
      throw new HttpTimeoutException(
          "no time left for " + uri.getPath() + ": the invocation's deadline has passed");
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(
        "Content-Type", path.contains("_bulk") ? "application/x-ndjson" : "application/json");
    if (gzipped) {
      headers.put("Content-Encoding", "gzip");
    }
    headers.put("Accept-Encoding", "gzip");
    headers.putAll(signer.headers(method, uri, headers, body));
    byte[] head = head(method, uri, headers, body.length);
    HttpExchange reused = idle.getAndSet(null);
    if (reused != null) {
      try {
        return exchange(reused, head, body, method, deadline, uri, timeout);
      } catch (HttpExchange.StaleConnectionException e) {
        // closed by the cluster while idle: nothing of this request was answered, send it again
      }
    }
    HttpExchange fresh = connect(deadline, uri, timeout);
    try {
      return exchange(fresh, head, body, method, deadline, uri, timeout);
    } catch (HttpExchange.StaleConnectionException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private Response exchange(
      HttpExchange connection,
      byte[] head,
      byte[] body,
      String method,
      long deadline,
      URI uri,
      Duration timeout)
      throws IOException {
    ScheduledFuture<?> watchdog =
        Watchdog.EXECUTOR.schedule(
            connection::close, deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
    boolean keep = false;
    try {
      Response response = connection.exchange(head, body, "HEAD".equals(method), deadline);
      keep = connection.reusable();
      return response;
    } catch (SocketTimeoutException e) {
      throw timedOut(uri, timeout);
    } catch (IOException e) {
      if (System.nanoTime() - deadline >= 0) {
        throw timedOut(uri, timeout); // the watchdog closed the connection
      }
      throw e;
    } finally {
      // a watchdog that has already run has closed the connection: never reused then
      if (watchdog.cancel(false) && keep) {
        HttpExchange previous = idle.getAndSet(connection);
        if (previous != null) {
          previous.close();
        }
      } else {
        connection.close();
      }
    }
  }

  private static HttpTimeoutException timedOut(URI uri, Duration timeout) {
    return new HttpTimeoutException(
        "no complete answer from " + uri.getPath() + " within " + timeout.toMillis() + " ms");
  }

  private HttpExchange connect(long deadline, URI uri, Duration timeout) throws IOException {
    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    if (left < 1) {
      throw timedOut(uri, timeout);
    }
    long connectMillis = Math.min(client.connectTimeout().toMillis(), left);
    Socket socket = new Socket(Proxy.NO_PROXY);
    try {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, connectMillis));
    } catch (SocketTimeoutException e) {
      socket.close();
      HttpConnectTimeoutException timedOut =
          new HttpConnectTimeoutException(
              "no connection to " + endpoint.getHost() + " within " + connectMillis + " ms");
      timedOut.initCause(e);
      throw timedOut;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
    if (!tls) {
      return new HttpExchange(socket);
    }
    try {
      return new HttpExchange(handshake(socket, deadline));
    } catch (SocketTimeoutException e) {
      socket.close();
      throw timedOut(uri, timeout);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  private SSLSocket handshake(Socket socket, long deadline) throws IOException {
    SSLContext context;
    try {
      context = client.ssl() != null ? client.ssl() : SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IOException("no TLS context in this JVM", e);
    }
    SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(socket, host, port, true);
    SSLParameters parameters = ssl.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    ssl.setSSLParameters(parameters);
    ScheduledFuture<?> watchdog =
        Watchdog.EXECUTOR.schedule(
            () -> HttpExchange.closeQuietly(ssl),
            deadline - System.nanoTime(),
            TimeUnit.NANOSECONDS);
    try {
      ssl.setSoTimeout(HttpExchange.millisLeft(deadline));
      ssl.startHandshake();
    } finally {
      watchdog.cancel(false);
    }
    return ssl;
  }

  @SuppressWarnings("StringConcatToTextBlock") // HTTP needs CRLF; a text block's lines end in LF
  private byte[] head(String method, URI uri, Map<String, String> headers, int length) {
    StringBuilder head = new StringBuilder(256);
    head.append(method).append(' ').append(uri.getRawPath());
    if (uri.getRawQuery() != null) {
      head.append('?').append(uri.getRawQuery());
    }
    head.append(" HTTP/1.1\r\nHost: ").append(hostHeader).append("\r\n");
    headers.forEach(
        (name, value) -> {
          if (breaksLine(name) || breaksLine(value)) {
            throw new IllegalArgumentException("a request header has a line break: " + name);
          }
          head.append(name).append(": ").append(value).append("\r\n");
        });
    head.append("Content-Length: ").append(length).append("\r\n").append("\r\n");
    return head.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static boolean breaksLine(String text) {
    return text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0;
  }

  private URI resolve(String path) {
    String base = endpoint.toString();
    return URI.create(base.endsWith("/") ? base + path.substring(1) : base + path);
  }

  /** Closes connections whose exchange runs past its deadline; one daemon thread per JVM. */
  private static final class Watchdog {
    static final ScheduledThreadPoolExecutor EXECUTOR = executor();

    private static ScheduledThreadPoolExecutor executor() {
      ScheduledThreadPoolExecutor executor =
          new ScheduledThreadPoolExecutor(
              1,
              task -> {
                Thread thread = new Thread(task, "shipper-http-watchdog");
                thread.setDaemon(true);
                return thread;
              });
      executor.setRemoveOnCancelPolicy(true);
      return executor;
    }
  }
}
