package dev.noops.configlocal;

import dev.noops.local.dynamodb.DynamoDbEmulator;
import dev.noops.support.aws.AwsJsonClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The config API on one machine, as {@code noops local} runs it: the Dynoxide DynamoDB emulator
 * (persisted in a checked, owner-only data folder, or in memory), the config table, the local KMS
 * stand-in, and the config API on loopback HTTP. Tests of other modules start it in-process to talk
 * to the real API.
 */
public final class LocalStack implements AutoCloseable {
  /** The SQLite file of the emulator, in the data folder. */
  public static final String DB_FILE = DataFolder.DB_FILE;

  /** The local KMS stand-in's key, in the data folder. */
  public static final String KMS_KEY_FILE = DataFolder.KMS_KEY_FILE;

  /** The API key kept between runs, in the data folder. */
  public static final String API_KEY_FILE = DataFolder.API_KEY_FILE;

  /** What to do with a data folder whose store is damaged. */
  public enum Recovery {
    /** Refuse to start, saying what was found. */
    NONE,
    /** Keep what the store still holds and forget the writes it lost. */
    REPAIR,
    /** Move the store (and its key) aside into the data folder and start empty. */
    RESET
  }

  private final DataFolder data;
  private final DynamoDbEmulator emulator;
  private final WriteLog writes;
  private final LocalConfigServer server;
  private final String apiKey;
  private final List<String> notes;
  private volatile boolean closing;

  private LocalStack(Parts parts) {
    this.data = parts.data;
    this.emulator = parts.emulator;
    this.writes = parts.writes;
    this.server = parts.server;
    this.apiKey = parts.apiKey;
    this.notes = List.copyOf(parts.notes);
  }

  /**
   * Starts everything; {@code dataDir} null means in memory (nothing written to disk). A damaged
   * store is refused.
   */
  public static LocalStack start(int port, Path dataDir, String apiKeyOption) {
    return builder().port(port).dataDir(dataDir).apiKey(apiKeyOption).start();
  }

  /** A builder: port 8080, in memory, a generated API key, no recovery. */
  public static Builder builder() {
    return new Builder();
  }

  /** The config API's base URL. */
  public URI baseUrl() {
    return server.baseUrl();
  }

  /**
   * The local KMS look-alike's URL ({@code AWS_ENDPOINT_URL_KMS}); it takes the API key as access
   * key id.
   */
  public URI kmsUrl() {
    return server.kmsUrl();
  }

  /** The API key every request must carry in {@code x-api-key}. */
  public String apiKey() {
    return apiKey;
  }

  /** Where the data lives (absolute), or null when in memory. */
  public Path dataDir() {
    return data == null ? null : data.dir();
  }

  /**
   * What the start-up checks did that the user should know (a stale emulator stopped, a store
   * repaired or reset).
   */
  public List<String> notes() {
    return notes;
  }

  /**
   * Completes if the emulator stops while this stack is running (not when {@link #close()} stops
   * it).
   */
  public CompletableFuture<Void> emulatorFailure() {
    // an exit noops asked for (close) leaves the answer incomplete: that is no failure
    return emulator
        .onExit()
        .thenCompose(
            exited ->
                closing ? new CompletableFuture<Void>() : CompletableFuture.completedFuture(null));
  }

  @Override
  public void close() {
    closing = true;
    server.close();
    emulator.close();
    if (writes != null) {
      writes.close();
    }
    if (data != null) {
      data.close();
    }
  }

  private static final class Parts {
    DataFolder data;
    DynamoDbEmulator emulator;
    WriteLog writes;
    LocalConfigServer server;
    String apiKey;
    List<String> notes = List.of();

    void close() {
      if (server != null) {
        server.close();
      }
      if (emulator != null) {
        emulator.close();
      }
      if (writes != null) {
        writes.close();
      }
      if (data != null) {
        data.close();
      }
    }
  }

  /** Configures a {@link LocalStack}. */
  public static final class Builder {
    private int port = 8080;
    private Path dataDir;
    private String apiKey;
    private Recovery recovery = Recovery.NONE;
    private AccessLog accessLog = AccessLog.NONE;

    private Builder() {}

    /** Where one JSON line per request goes; default none. */
    public Builder accessLog(AccessLog accessLog) {
      this.accessLog = Objects.requireNonNull(accessLog, "accessLog == null");
      return this;
    }

    /** The TCP port on 127.0.0.1; 0 picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The data folder; null keeps everything in memory. */
    public Builder dataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    /** The API key to enforce; null generates one (kept in the data folder). */
    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    /** What to do if the store is damaged; default {@link Recovery#NONE}: refuse. */
    public Builder recovery(Recovery recovery) {
      this.recovery = Objects.requireNonNull(recovery, "recovery == null");
      return this;
    }

    /**
     * Checks the data folder, starts the emulator and the server, and checks the store against the
     * write log.
     */
    public LocalStack start() {
      Parts parts = new Parts();
      try {
        parts.data = dataDir == null ? null : DataFolder.open(dataDir, recovery);
        parts.emulator =
            parts.data == null ? DynamoDbEmulator.inMemory() : persistentEmulator(parts.data);
        if (parts.data != null) {
          parts.data.rememberEmulator(parts.emulator.pids());
          parts.data.tightenFiles();
        }
        AwsJsonClient dynamo = LocalDynamo.client(parts.emulator.endpoint());
        LocalTable.createIfAbsent(dynamo, LocalTable.DEFAULT_NAME);
        LocalKeyRing keyRing =
            parts.data == null
                ? LocalKeyRing.ephemeral()
                : LocalKeyRing.loadOrCreate(parts.data.file(KMS_KEY_FILE));
        parts.apiKey =
            apiKey != null
                ? apiKey
                : parts.data == null ? newApiKey() : apiKeyIn(parts.data.file(API_KEY_FILE));
        LocalConfigServer.Builder server =
            LocalConfigServer.builder()
                .dynamo(dynamo)
                .keyRing(keyRing)
                .apiKey(parts.apiKey)
                .port(port)
                .accessLog(accessLog);
        if (parts.data != null) {
          parts.writes = new WriteLog(parts.data.file(DataFolder.WRITES_FILE));
          server.onWrite(parts.writes::record);
        }
        parts.server = server.start();
        if (parts.data != null) {
          StoreCheck.Outcome checked =
              new StoreCheck(parts.server.baseUrl(), parts.apiKey)
                  .verify(parts.writes.read(), parts.data.file(DB_FILE), recovery);
          parts.writes.reset(checked.newest());
          parts.data.tightenFiles();
          parts.notes = new java.util.ArrayList<>(parts.data.notes());
          parts.notes.addAll(checked.notes());
        }
        return new LocalStack(parts);
      } catch (RuntimeException e) {
        parts.close();
        throw e;
      }
    }
  }

  private static DynamoDbEmulator persistentEmulator(DataFolder data) {
    try {
      return DynamoDbEmulator.persistentAt(data.file(DB_FILE));
    } catch (IllegalStateException e) {
      throw new LocalStoreException(
          "the DynamoDB emulator cannot open "
              + data.file(DB_FILE)
              + " ("
              + e.getMessage().lines().findFirst().orElse("")
              + "). Nothing was started. Restore the file from a backup, or run again "
              + "with --reset to move the store aside and start empty.");
    }
  }

  // generated once and kept, so that curl lines and NOOPS_CONFIG_API_KEY survive a restart
  private static String apiKeyIn(Path file) {
    try {
      if (Files.exists(file)) {
        return Files.readString(file).trim();
      }
      String key = newApiKey();
      DataFolder.writePrivate(file, key + "\n");
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the API key file " + file, e);
    }
  }

  private static String newApiKey() {
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    return "noops-local-" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }
}
