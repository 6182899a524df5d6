package dev.noops.testsupport;

import dev.noops.local.dynamodb.FreePort;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An OpenSearch node of an older line (1.3 or 2.19) in a child JVM on free loopback ports, with its
 * data in a temp folder deleted on {@link #close()}. Its Lucene cannot share this JVM with the
 * in-process OpenSearch 3 node, so the module {@code noops-test-support-opensearch<major>} records
 * the node's classpath at build time; depend on that module with an exclusion of {@code *:*}.
 * Starting takes 10–40 s: share one per test class.
 */
public final class ChildJvmNode implements AutoCloseable {
  static final String READY = "READY";
  private static final long START_TIMEOUT_SECONDS = 180;

  private final Process process;
  private final Path baseDir;
  private final URI httpUri;

  private ChildJvmNode(Process process, Path baseDir, URI httpUri) {
    this.process = process;
    this.baseDir = baseDir;
    this.httpUri = httpUri;
  }

  /** Starts an OpenSearch {@code major}.x node (1 or 2) and waits until it is yellow. */
  public static ChildJvmNode openSearch(int major) {
    if (major != 1 && major != 2) {
      throw new IllegalArgumentException(
          "OpenSearch major must be 1 or 2 (3 runs in-process): " + major);
    }
    String classpath =
        codeSource(ChildOpenSearchMain.class)
            + File.pathSeparator
            + recordedClasspath("/dev/noops/testsupport/opensearch" + major + "/node.classpath");
    int httpPort = FreePort.find();
    Path baseDir = createTempDir();
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-da",
            "-Xms256m",
            "-Xmx512m",
            "-cp",
            classpath,
            ChildOpenSearchMain.class.getName(),
            Integer.toString(httpPort),
            Integer.toString(FreePort.find()),
            baseDir.toString());
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      OpenSearchNode.deleteRecursively(baseDir);
      throw new UncheckedIOException("cannot start the OpenSearch " + major + " JVM", e);
    }
    ChildJvmNode node =
        new ChildJvmNode(process, baseDir, URI.create("http://127.0.0.1:" + httpPort));
    try {
      awaitReady(process, "OpenSearch " + major);
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
    return node;
  }

  /** The node's HTTP endpoint. */
  public URI httpUri() {
    return httpUri;
  }

  /** The folder holding the node's data (deleted on close). */
  public Path baseDir() {
    return baseDir;
  }

  /** Stops the child JVM and deletes the node's folder. */
  @Override
  public void close() {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    OpenSearchNode.deleteRecursively(baseDir);
  }

  private static void awaitReady(Process process, String name) {
    CompletableFuture<String> ready =
        CompletableFuture.supplyAsync(() -> readUntilReady(process.getInputStream()));
    try {
      String output = ready.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (!output.equals(READY)) {
        throw new IllegalStateException(name + " did not start: " + output);
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          name + " did not start within " + START_TIMEOUT_SECONDS + " s", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot read the output of " + name, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting " + name, e);
    }
    // keep draining so a chatty node never blocks on a full pipe
    Thread drain = new Thread(() -> discard(process.getInputStream()), "child-node-output");
    drain.setDaemon(true);
    drain.start();
  }

  private static String readUntilReady(InputStream in) {
    StringBuilder tail = new StringBuilder();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    try {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.equals(READY)) {
          return READY;
        }
        tail.append(line).append('\n');
        if (tail.length() > 8192) {
          tail.delete(0, tail.length() - 8192);
        }
      }
    } catch (IOException e) {
      tail.append(e);
    }
    return tail.toString();
  }

  private static void discard(InputStream in) {
    try {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException ignored) {
      // the child ended
    }
  }

  private static String recordedClasspath(String resource) {
    try (InputStream in = ChildJvmNode.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            resource
                + " is missing: add its noops-test-support-opensearch module "
                + "(with an exclusion of *:*) to the test dependencies and build with Maven");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  private static String codeSource(Class<?> type) {
    URL location = type.getProtectionDomain().getCodeSource().getLocation();
    try {
      return Path.of(location.toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate " + type.getName(), e);
    }
  }

  private static Path createTempDir() {
    try {
      return Files.createTempDirectory("noops-opensearch-child-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temp dir for a child OpenSearch node", e);
    }
  }
}
