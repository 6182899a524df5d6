package dev.noops.testsupport.es7;

import static org.codelibs.elasticsearch.runner.ElasticsearchClusterRunner.newConfigs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.codelibs.elasticsearch.runner.ElasticsearchClusterRunner;

/**
 * Runs in the child JVM: starts one Elasticsearch 7.10 node with the ports and folder given as
 * arguments, prints {@code READY} when the cluster is yellow, and stops when its stdin closes (so
 * the node dies with the test JVM that started it).
 */
final class NodeMain {
  private NodeMain() {}

  public static void main(String[] args) throws IOException {
    String httpPort = args[0];
    String transportPort = args[1];
    String baseDir = args[2];
    ElasticsearchClusterRunner runner = new ElasticsearchClusterRunner();
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
            .clusterName("noops-es7-" + httpPort)
            .basePath(baseDir)
            .disableESLogger());
    runner.ensureYellow();
    System.out.println("READY");
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
