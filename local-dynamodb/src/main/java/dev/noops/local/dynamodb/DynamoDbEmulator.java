package dev.noops.local.dynamodb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A DynamoDB-compatible server on a free loopback port, reached through the real SDK HTTP path.
 *
 * <p>It runs <a href="https://github.com/nubo-db/dynoxide">Dynoxide</a> (MIT/Apache-2.0, SQLite
 * backed), not Amazon's DynamoDB Local, whose licence is the vendor's own terms. The binary comes
 * from the npm registry once and is cached (see {@link DynoxideBinary}).
 *
 * <pre>{@code
 * try (DynamoDbEmulator ddb = DynamoDbEmulator.inMemory()) {
 *   DynamoDbClient client = DynamoDbClient.builder().endpointOverride(ddb.endpoint())...;
 * }
 * }</pre>
 */
public final class DynamoDbEmulator implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private final ManagedProcess process;
  private final URI endpoint;

  private DynamoDbEmulator(ManagedProcess process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  /** Starts an emulator that keeps its tables in memory only. */
  public static DynamoDbEmulator inMemory() {
    return start(Optional.empty());
  }

  /** Starts an emulator that persists its tables in the SQLite file {@code dbFile}. */
  public static DynamoDbEmulator persistentAt(Path dbFile) {
    Objects.requireNonNull(dbFile, "dbFile == null");
    return start(Optional.of(dbFile));
  }

  private static DynamoDbEmulator start(Optional<Path> dbFile) {
    Path binary = DynoxideBinary.resolve();
    int port = FreePort.find();
    List<String> command =
        new ArrayList<>(
            List.of(
                binary.toString(),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port)));
    dbFile.ifPresent(
        file -> {
          try {
            Files.createDirectories(file.toAbsolutePath().getParent());
          } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder of " + file, e);
          }
          command.add("--db-path");
          command.add(file.toAbsolutePath().toString());
        });
    ManagedProcess process = ManagedProcess.start("dynoxide", command);
    try {
      process.awaitPort(port, START_TIMEOUT);
    } catch (RuntimeException e) {
      process.close();
      throw e;
    }
    return new DynamoDbEmulator(process, URI.create("http://127.0.0.1:" + port));
  }

  /** The endpoint to give the SDK's {@code endpointOverride}. */
  public URI endpoint() {
    return endpoint;
  }

  /** The TCP port the emulator listens on (loopback only). */
  public int port() {
    return endpoint.getPort();
  }

  /** Whether the emulator process is still running. */
  public boolean isRunning() {
    return process.isAlive();
  }

  /** Completes when the emulator's process ends, whether stopped by {@link #close()} or not. */
  public java.util.concurrent.CompletableFuture<Void> onExit() {
    return process.onExit().thenApply(ended -> null);
  }

  /**
   * The ids of the emulator's processes (watchdog and server), e.g. to find it again after a crash.
   */
  public List<Long> pids() {
    return process.pids();
  }

  /** Stops the emulator and waits for its process to end. */
  @Override
  public void close() {
    process.close();
  }
}
