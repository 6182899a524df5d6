package dev.noops.testsupport;

import static org.codelibs.opensearch.runner.OpenSearchRunner.newConfigs;

import dev.noops.local.dynamodb.FreePort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * One OpenSearch node in this JVM, bound to 127.0.0.1 on free ports, with its data in a temp folder
 * that {@link #close()} deletes. Starting takes a few seconds: share one per test class.
 */
public final class OpenSearchNode implements AutoCloseable {
  private final OpenSearchRunner runner;
  private final Path baseDir;
  private final URI httpUri;

  private OpenSearchNode(OpenSearchRunner runner, Path baseDir, URI httpUri) {
    this.runner = runner;
    this.baseDir = baseDir;
    this.httpUri = httpUri;
  }

  /** Starts a single-node cluster and waits until it is at least yellow. */
  public static OpenSearchNode start() {
    int httpPort = FreePort.find();
    int transportPort = FreePort.find();
    Path baseDir = createTempDir();
    OpenSearchRunner runner = new OpenSearchRunner();
    runner.onBuild(
        (number, settings) -> {
          settings.put("network.host", "127.0.0.1");
          settings.put("http.port", Integer.toString(httpPort));
          settings.put("transport.port", Integer.toString(transportPort));
          settings.put("discovery.type", "single-node");
          settings.put("action.auto_create_index", "true");
        });
    try {
      runner.build(
          newConfigs()
              .numOfNode(1)
              .clusterName("noops-test-" + httpPort)
              .basePath(baseDir.toString())
              .disableESLogger());
      runner.ensureYellow();
    } catch (RuntimeException e) {
      closeQuietly(runner);
      deleteRecursively(baseDir);
      throw e;
    }
    return new OpenSearchNode(runner, baseDir, URI.create("http://127.0.0.1:" + httpPort));
  }

  /** The node's HTTP endpoint, e.g. {@code http://127.0.0.1:41234}. */
  public URI httpUri() {
    return httpUri;
  }

  /** The folder holding the node's home, data and logs (deleted on close). */
  public Path baseDir() {
    return baseDir;
  }

  /** Stops the node and deletes its folder. */
  @Override
  public void close() {
    closeQuietly(runner);
    deleteRecursively(baseDir);
  }

  private static Path createTempDir() {
    try {
      return Files.createTempDirectory("noops-opensearch-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temp dir for OpenSearch", e);
    }
  }

  private static void closeQuietly(OpenSearchRunner runner) {
    try {
      runner.close();
    } catch (IOException | RuntimeException e) {
      // the node may not have started; the folder is deleted either way
    }
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
