package dev.noops.configlocal;

import com.sun.net.httpserver.HttpServer;
import dev.noops.configapi.ConfigApiHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The config API on plain HTTP, for {@code noops local}: each request is checked for the API key
 * (API Gateway's job in AWS), turned into the REST proxy event API Gateway would send, and handed
 * to the same {@link ConfigApiHandler} the Lambda runs. {@code "encrypt": true} uses a {@link
 * LocalKeyRing}, which {@code /kms/} also serves as a KMS look-alike. Listens on loopback only.
 */
public final class LocalConfigServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;

  private LocalConfigServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
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
    return server.getAddress().getPort();
  }

  /** Stops accepting requests, lets running ones finish (up to a second), and stops. */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdown();
  }

  /** Told of each confirmed write. */
  @FunctionalInterface
  public interface WriteListener {
    /** {@code key} now has {@code version}. */
    void written(String key, long version);
  }

  /** Configures a {@link LocalConfigServer}. */
  public static final class Builder {
    private DynamoDbClient dynamo;
    private String table = LocalTable.DEFAULT_NAME;
    private LocalKeyRing keyRing;
    private String apiKey;
    private int port = 8080;
    private WriteListener onWrite = (key, version) -> {};
    private AccessLog accessLog = AccessLog.NONE;

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

    /** The DynamoDB client (pointed at the local emulator). */
    public Builder dynamo(DynamoDbClient dynamo) {
      this.dynamo = Objects.requireNonNull(dynamo, "dynamo == null");
      return this;
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

    /** Starts the server. */
    public LocalConfigServer start() {
      Objects.requireNonNull(dynamo, "dynamo == null");
      Objects.requireNonNull(keyRing, "keyRing == null");
      Objects.requireNonNull(apiKey, "apiKey == null");
      ConfigApiHandler handler = ConfigApiHandler.create(dynamo, table, keyRing::encrypt);
      // small JSON answers written as headers then body: without TCP_NODELAY, Nagle holds the body
      // back
      System.setProperty("sun.net.httpserver.nodelay", "true");
      try {
        HttpServer server =
            HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", new LocalApiExchange(handler, apiKey, onWrite, accessLog));
        server.createContext("/kms", new LocalKmsEndpoint(keyRing, apiKey));
        server.start();
        return new LocalConfigServer(server, executor);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot listen on 127.0.0.1:" + port + " (in use? pick another with --port)", e);
      }
    }
  }
}
