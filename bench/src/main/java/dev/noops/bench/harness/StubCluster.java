package dev.noops.bench.harness;

import dev.noops.testsupport.ScriptedCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * test-support's {@link ScriptedCluster} (acknowledging every item) as a process of its own, so
 * that a measured shipper's CPU time does not include the cluster's: writes its URL to the file
 * given (or stdout) and serves until killed.
 */
public final class StubCluster {
  private StubCluster() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    ScriptedCluster cluster = ScriptedCluster.acknowledging().listen();
    String url = cluster.endpoint().toString();
    if (args.length > 0) {
      Path tmp = Path.of(args[0] + ".tmp");
      Files.writeString(tmp, url);
      Files.move(tmp, Path.of(args[0]), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } else {
      System.out.println(url);
    }
    Thread.currentThread().join();
  }
}
