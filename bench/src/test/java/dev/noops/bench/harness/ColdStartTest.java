package dev.noops.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ColdStartTest {
  @TempDir Path dir;

  @Test
  void finds_the_named_lambda_jar_else_any_lambda_classifier_jar() throws Exception {
    Path target = Files.createDirectories(dir.resolve("target"));
    assertThat(ColdStart.lambdaJar(target, "logs-to-elk")).isEmpty();
    Files.writeString(target.resolve("noops-logs-to-elk-0.1.0-SNAPSHOT-lambda.jar"), "");
    assertThat(ColdStart.lambdaJar(target, "logs-to-elk"))
        .get()
        .asString()
        .endsWith("SNAPSHOT-lambda.jar");
    Files.writeString(target.resolve("noops-logs-to-elk-lambda.jar"), "");
    assertThat(ColdStart.lambdaJar(target, "logs-to-elk"))
        .get()
        .asString()
        .endsWith("noops-logs-to-elk-lambda.jar");
    assertThat(ColdStart.lambdaJar(dir.resolve("absent"), "x")).isEmpty();
  }
}
