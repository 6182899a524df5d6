package dev.noops.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ColdStartPartsTest {
  @TempDir Path dir;

  @Test
  void the_probe_jar_is_the_function_jar_plus_the_probe_handler() throws Exception {
    Path lambda = dir.resolve("function-lambda.jar");
    try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(lambda))) {
      jar.putNextEntry(new JarEntry("dev/noops/configapi/ConfigApiHandler.class"));
      jar.write(new byte[] {1, 2, 3});
      jar.closeEntry();
    }

    Path probe = ColdStartParts.probeJar(lambda, dir.resolve("probe.jar"));

    try (JarFile jar = new JarFile(probe.toFile())) {
      assertThat(jar.getInputStream(jar.getEntry("dev/noops/configapi/ConfigApiHandler.class")))
          .hasBinaryContent(new byte[] {1, 2, 3});
      assertThat(jar.getEntry("dev/noops/bench/harness/ProbeHandler.class")).isNotNull();
    }
  }

  @Test
  void the_probe_answers_after_its_step_and_refuses_an_unknown_one() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ProbeHandler()
        .handleRequest(
            new ByteArrayInputStream("{\"a\":[1,2]}".getBytes(StandardCharsets.UTF_8)), out, null);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");

    ProbeHandler.step("streaming", "{\"a\":[1,2]}".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> ProbeHandler.step("nope", new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope");
  }
}
