package dev.noops.testsupport.es7;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * One Elasticsearch 7.10 node in a child JVM on free loopback ports, with its data in a temp folder
 * deleted on {@link #close()}. The child stops when this JVM closes its stdin or exits.
 */
public final class Elasticsearch7Node implements AutoCloseable {
  private static final long START_TIMEOUT_SECONDS = 120;

  private final Process process;
  private final Path baseDir;
  private final URI httpUri;

  private Elasticsearch7Node(Process process, Path baseDir, URI httpUri) {
    this.process = process;
    this.baseDir = baseDir;
    this.httpUri = httpUri;
  }

  /** Starts the node and waits until it is yellow. */
  public static Elasticsearch7Node start() {
    int httpPort = freePort();
    int transportPort = freePort();
    Path baseDir;
    try {
      baseDir = Files.createTempDirectory("noops-es7-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temp dir for Elasticsearch", e);
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-da",
                "-Xms256m",
                "-Xmx512m",
                "-cp",
                classpath(),
                NodeMain.class.getName(),
                Integer.toString(httpPort),
                Integer.toString(transportPort),
                baseDir.toString()));
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Elasticsearch 7 JVM", e);
    }
    Elasticsearch7Node node =
        new Elasticsearch7Node(process, baseDir, URI.create("http://127.0.0.1:" + httpPort));
    try {
      awaitReady(process);
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
    deleteRecursively(baseDir);
  }

  private static void awaitReady(Process process) {
    CompletableFuture<String> ready =
        CompletableFuture.supplyAsync(() -> readUntilReady(process.getInputStream()));
    try {
      String output = ready.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (!output.endsWith("READY")) {
        throw new IllegalStateException("Elasticsearch 7 did not start: " + output);
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "Elasticsearch 7 did not start within " + START_TIMEOUT_SECONDS + " s", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot read the Elasticsearch 7 output", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting Elasticsearch 7", e);
    }
    // keep draining so a chatty node never blocks on a full pipe
    Thread drain = new Thread(() -> discard(process.getInputStream()), "es7-output");
    drain.setDaemon(true);
    drain.start();
  }

  private static String readUntilReady(InputStream in) {
    StringBuilder tail = new StringBuilder();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    try {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.equals("READY")) {
          return "READY";
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
      in.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (IOException ignored) {
      // the child ended
    }
  }

  private static String classpath() {
    try (InputStream in = Elasticsearch7Node.class.getResourceAsStream("node.classpath")) {
      if (in == null) {
        throw new IllegalStateException(
            "node.classpath is missing: build noops-test-support-es7 with Maven");
      }
      String recorded = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      Path self =
          Path.of(NodeMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return self + java.io.File.pathSeparator + recorded;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read node.classpath", e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the es7 launcher classes", e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  private static void deleteRecursively(Path dir) {
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
