package dev.noops.testsupport;

import static org.codelibs.opensearch.runner.OpenSearchRunner.newConfigs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * Runs in a child JVM started by {@link ChildJvmNode}: starts one OpenSearch node of whatever
 * version the child's classpath holds (the runner's API is the same from 1.3 to 3.x), prints {@code
 * READY} when the cluster is yellow, and stops when its stdin closes (so the node dies with the
 * test JVM that started it). Arguments: HTTP port, transport port, base folder.
 */
final class ChildOpenSearchMain {
  private ChildOpenSearchMain() {}

  public static void main(String[] args) throws IOException {
    String httpPort = args[0];
    String transportPort = args[1];
    OpenSearchRunner runner = new OpenSearchRunner();
    runner.onBuild(
        (number, settings) -> {
          settings.put("network.host", "127.0.0.1");
          settings.put("http.port", httpPort);
          settings.put("transport.port", transportPort);
          settings.put("discovery.type", "single-node");
        });
    runner.build(
        newConfigs()
            .numOfNode(1)
            .clusterName("noops-child-" + httpPort)
            .basePath(args[2])
            .disableESLogger());
    runner.ensureYellow();
    System.out.println(ChildJvmNode.READY);
    System.out.flush();
    try (BufferedReader stdin =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      while (stdin.readLine() != null) {
        // wait for the parent to close our stdin
      }
    } finally {
      runner.close();
      runner.clean();
    }
  }
}
