package dev.noops.configlocal;

import dev.noops.configapi.ConfigApiHandler;
import dev.noops.support.aws.AwsJsonClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The config API on plain HTTP, for {@code noops local}: each request is checked for the API key
 * (API Gateway's job in AWS), turned into the REST proxy event API Gateway would send, and handed
 * to the same {@link ConfigApiHandler} the Lambda runs. {@code "encrypt": true} uses a {@link
 * LocalKeyRing}, which {@code /kms/} also serves as a KMS look-alike. Listens on loopback only.
 *
 * <p>The HTTP layer is Jetty core: its parser's own rejections (a malformed request line, headers
 * over {@value #MAX_REQUEST_HEAD_BYTES} bytes, a request stalled past the idle timeout) go through
 * {@link JsonErrorHandler}, so every answer is the API's JSON error.
 */
public final class LocalConfigServer implements AutoCloseable {
  /**
   * What Jetty's parser accepts for the request line and headers together; the API's own 10 KiB
   * header limit is checked below it, so the 431 between the two is the API's answer too.
   */
  static final int MAX_REQUEST_HEAD_BYTES = 64 * 1024;

  private final Server server;
  private final ServerConnector connector;

  private LocalConfigServer(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  /** A builder; {@code dynamo}, {@code keyRing} and {@code apiKey} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The base URL of the config API, e.g. {@code http://localhost:8080}. */
  public URI baseUrl() {
    return URI.create("http://localhost:" + port());
  }

  /** The URL to give the SDK as {@code AWS_ENDPOINT_URL_KMS} for the local KMS look-alike. */
  public URI kmsUrl() {
    return URI.create(baseUrl() + "/kms/");
  }

  /** The port the server listens on (useful with port 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** Stops accepting requests, lets running ones finish (up to a second), and stops. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (TimeoutException graceOver) {
      // the second of grace is over; Jetty has stopped the connectors and handlers regardless
    } catch (Exception e) {
      throw new IllegalStateException("the local HTTP server did not stop cleanly", e);
    }
  }

  /** Told of each confirmed write. */
  @FunctionalInterface
  public interface WriteListener {
    /** {@code key} now has {@code version}. */
    void written(String key, long version);
  }

  /** Configures a {@link LocalConfigServer}. */
  public static final class Builder {
    private AwsJsonClient dynamo;
    private String table = LocalTable.DEFAULT_NAME;
    private LocalKeyRing keyRing;
    private String apiKey;
    private int port = 8080;
    private WriteListener onWrite = (key, version) -> {};
    private AccessLog accessLog = AccessLog.NONE;
    private Duration idleTimeout = Duration.ofSeconds(30);

    private Builder() {}

    /** Where one line per request goes; default none. */
    public Builder accessLog(AccessLog accessLog) {
      this.accessLog = Objects.requireNonNull(accessLog, "accessLog == null");
      return this;
    }

    /**
     * Called after each write the store confirmed, with the key and its new version (e.g. to log it
     * durably).
     */
    public Builder onWrite(WriteListener onWrite) {
      this.onWrite = Objects.requireNonNull(onWrite, "onWrite == null");
      return this;
    }

    /**
     * The DynamoDB client (pointed at the local emulator). The server must be the only writer of
     * its table: it answers reads of current entries from what it read and wrote itself.
     */
    public Builder dynamo(AwsJsonClient dynamo) {
      this.dynamo = Objects.requireNonNull(dynamo, "dynamo == null");
      return this;
    }

    /** A client of the DynamoDB emulator at {@code endpoint}. */
    public Builder dynamo(URI endpoint) {
      return dynamo(LocalDynamo.client(Objects.requireNonNull(endpoint, "endpoint == null")));
    }

    /** The table name; default {@value LocalTable#DEFAULT_NAME}. The table must exist. */
    public Builder table(String table) {
      this.table = Objects.requireNonNull(table, "table == null");
      return this;
    }

    /** The local stand-in for KMS. */
    public Builder keyRing(LocalKeyRing keyRing) {
      this.keyRing = Objects.requireNonNull(keyRing, "keyRing == null");
      return this;
    }

    /** The API key every request must carry in {@code x-api-key}. */
    public Builder apiKey(String apiKey) {
      Objects.requireNonNull(apiKey, "apiKey == null");
      if (apiKey.length() < 16) {
        throw new IllegalArgumentException(
            "apiKey must be at least 16 characters, as API Gateway requires it to be at least 20:"
                + " length "
                + apiKey.length());
      }
      this.apiKey = apiKey;
      return this;
    }

    /** The TCP port on 127.0.0.1; 0 picks a free one. Default 8080. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0 to 65535: " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * How long a connection may send nothing before it is answered 408 and closed (a stalled
     * request, a silent keep-alive connection); default 30 s.
     */
    public Builder idleTimeout(Duration idleTimeout) {
      if (idleTimeout.isNegative() || idleTimeout.isZero()) {
        throw new IllegalArgumentException("idleTimeout must be positive: " + idleTimeout);
      }
      this.idleTimeout = idleTimeout;
      return this;
    }

    /** Starts the server. */
    public LocalConfigServer start() {
      Objects.requireNonNull(dynamo, "dynamo == null");
      Objects.requireNonNull(keyRing, "keyRing == null");
      Objects.requireNonNull(apiKey, "apiKey == null");
      // the server is the only writer of its emulator's table: reads of current entries are
      // answered from memory (ConfigApiHandler.createSoleWriter)
      ConfigApiHandler handler = ConfigApiHandler.createSoleWriter(dynamo, table, keyRing::encrypt);
      QueuedThreadPool threads = new QueuedThreadPool(64, 2);
      threads.setName("noops-local");
      Server server = new Server(threads);
      HttpConfiguration http = new HttpConfiguration();
      http.setRequestHeaderSize(MAX_REQUEST_HEAD_BYTES);
      http.setSendServerVersion(false);
      http.setSendXPoweredBy(false);
      // the API decides about a key's characters and segments (as behind API Gateway), so Jetty
      // passes ambiguous paths through undecoded and LocalApiExchange decodes them strictly
      http.setUriCompliance(UriCompliance.UNSAFE);
      ServerConnector connector =
          new ServerConnector(server, 1, 1, new StalledRequestTimeout(http, accessLog));
      connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
      connector.setPort(port);
      connector.setIdleTimeout(idleTimeout.toMillis());
      connector.setAcceptQueueSize(128);
      server.addConnector(connector);
      server.setErrorHandler(new JsonErrorHandler(accessLog));
      server.setHandler(
          new GracefulHandler(
              new LocalRoutes(
                  new LocalApiExchange(handler, apiKey, onWrite),
                  new LocalKmsEndpoint(keyRing, apiKey),
                  accessLog)));
      server.setStopTimeout(1000);
      server.setStopAtShutdown(false);
      try {
        server.start();
        return new LocalConfigServer(server, connector);
      } catch (Exception e) {
        stopQuietly(server);
        if (e instanceof IOException io) {
          throw new UncheckedIOException(
              "cannot listen on 127.0.0.1:"
                  + port
                  + (io instanceof BindException || io.getCause() instanceof BindException
                      ? " (in use? pick another with --port)"
                      : ""),
              io);
        }
        throw new IllegalStateException("cannot start the local HTTP server", e);
      }
    }

    private static void stopQuietly(Server server) {
      try {
        server.stop();
      } catch (Exception ignored) {
        // it did not start; nothing is listening
      }
    }
  }
}
