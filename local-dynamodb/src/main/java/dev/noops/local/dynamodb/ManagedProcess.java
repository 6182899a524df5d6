package dev.noops.local.dynamodb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A child process whose output goes to a temp file (so a full pipe never blocks it), that is
 * destroyed with its descendants on {@link #close()}, when the JVM exits, and — through a small
 * {@code /bin/sh} watchdog — even when the JVM is killed ({@code kill -9}) and runs no shutdown
 * hook: the watchdog holds the read end of a pipe whose write end only this JVM holds, and stops
 * the child at end of file. (Linux's {@code PR_SET_PDEATHSIG} would need native code; the pipe
 * works on every POSIX system.)
 */
final class ManagedProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;
  private final Thread shutdownHook;

  private ManagedProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.shutdownHook = new Thread(this::destroy, "stop-" + name);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  // stdin of the shell is the JVM's pipe; the child gets /dev/null; the watchdog reads the pipe to
  // its end
  private static final String WATCHDOG =
      "exec 3<&0; \"$@\" </dev/null & c=$!; "
          + "{ cat <&3 >/dev/null; kill -TERM \"$c\" 2>/dev/null; } & wait \"$c\"";

  static ManagedProcess start(String name, List<String> command) {
    try {
      Path log = Files.createTempFile("noops-" + name + "-", ".log");
      List<String> watched = new java.util.ArrayList<>();
      if (Files.isExecutable(Path.of("/bin/sh"))) {
        watched.addAll(List.of("/bin/sh", "-c", WATCHDOG, name));
      }
      watched.addAll(command);
      Process process =
          new ProcessBuilder(watched)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      return new ManagedProcess(name, process, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command, e);
    }
  }

  /** Waits until something accepts connections on 127.0.0.1:port, or fails with the process log. */
  void awaitPort(int port, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + ": " + output());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return;
      } catch (IOException notYet) {
        sleep(50);
      }
    }
    throw new IllegalStateException(
        name + " did not listen on port " + port + " within " + timeout + ": " + output());
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Completes when the process ends, for whatever reason. */
  java.util.concurrent.CompletableFuture<Process> onExit() {
    return process.onExit();
  }

  /** The process ids of the child and its descendants (the watchdog shell and the server). */
  List<Long> pids() {
    List<Long> pids = new java.util.ArrayList<>();
    pids.add(process.pid());
    process.descendants().forEach(d -> pids.add(d.pid()));
    return pids;
  }

  List<ProcessHandle> descendants() {
    return process.descendants().toList();
  }

  String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    destroy();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run; nothing left to remove
    }
    try {
      Files.deleteIfExists(log);
    } catch (IOException ignored) {
      // a temp file we could not delete is not worth failing a test for
    }
  }

  private void destroy() {
    List<ProcessHandle> children = process.descendants().toList();
    children.forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        children.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      awaitExit(children);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // so that a port or a database file a child held is free when close() returns
  private static void awaitExit(List<ProcessHandle> children) throws InterruptedException {
    for (ProcessHandle child : children) {
      try {
        child.onExit().get(5, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        child.destroyForcibly();
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a server", e);
    }
  }
}
