package dev.noops.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ColdStartTest {
  @TempDir
  Path dir;

  private Path jar(String name, String... entries) throws Exception {
    Path jar = dir.resolve(name);
    try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
      for (String entry : entries) {
        zip.putNextEntry(new ZipEntry(entry));
        zip.write(entry.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return jar;
  }

  @Test
  void unpacks_like_the_makefile_without_maven_metadata_and_nothing_outside_the_folder() throws Exception {
    Path jar = jar("f-lambda.jar", "dev/noops/logs/ShipperHandler.class", "META-INF/maven/dev.noops/pom.xml",
        "META-INF/services/x", "../escaped.txt");

    Path task = ColdStart.unpack(jar, dir.resolve("task"));

    assertThat(task.resolve("dev/noops/logs/ShipperHandler.class")).exists();
    assertThat(task.resolve("META-INF/services/x")).exists();
    assertThat(task.resolve("META-INF/maven")).doesNotExist();
    assertThat(dir.resolve("escaped.txt")).doesNotExist();
  }

  @Test
  void finds_the_named_lambda_jar_else_any_lambda_classifier_jar() throws Exception {
    Path target = Files.createDirectories(dir.resolve("target"));
    assertThat(ColdStart.lambdaJar(target, "logs-to-elk")).isEmpty();
    Files.writeString(target.resolve("noops-logs-to-elk-0.1.0-SNAPSHOT-lambda.jar"), "");
    assertThat(ColdStart.lambdaJar(target, "logs-to-elk")).get().asString().endsWith("SNAPSHOT-lambda.jar");
    Files.writeString(target.resolve("noops-logs-to-elk-lambda.jar"), "");
    assertThat(ColdStart.lambdaJar(target, "logs-to-elk")).get().asString().endsWith("noops-logs-to-elk-lambda.jar");
    assertThat(ColdStart.lambdaJar(dir.resolve("absent"), "x")).isEmpty();
  }
}
