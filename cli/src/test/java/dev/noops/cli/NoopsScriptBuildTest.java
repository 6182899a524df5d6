package dev.noops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./noops} script's first build, with the Maven wrapper replaced by a script that prints
 * what Maven prints and fails: the user sees "module n of m" progress and how long a first build
 * takes, the whole output is kept in {@code cli/target/build.log}, and a failure names the log and
 * shows its error lines.
 */
class NoopsScriptBuildTest {
  private static final Path REPO = Path.of("").toAbsolutePath().getParent();

  @Test
  void a_first_build_shows_module_progress_keeps_a_log_and_a_failure_names_it(@TempDir Path root)
      throws Exception {
    Files.copy(REPO.resolve("noops"), root.resolve("noops"));
    Files.createDirectories(root.resolve("scripts"));
    Files.copy(REPO.resolve("scripts/jdk.sh"), root.resolve("scripts/jdk.sh"));
    Path mvnw = root.resolve("mvnw");
    Files.writeString(
        mvnw,
        """
        #!/usr/bin/env bash
        echo "[INFO] Scanning for projects..."
        echo "[INFO] Building noops parent 0.1.0-SNAPSHOT                                [1/3]"
        echo "[INFO] Building noops function-support 0.1.0-SNAPSHOT                      [2/3]"
        echo "[INFO] Building noops cli 0.1.0-SNAPSHOT                                   [3/3]"
        echo "[ERROR] COMPILATION ERROR : something broke"
        exit 1
        """);
    Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));

    Process noops =
        new ProcessBuilder("bash", root.resolve("noops").toString(), "--version")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    String err = new String(noops.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(noops.waitFor(60, TimeUnit.SECONDS)).isTrue();

    Path log = root.resolve("cli/target/build.log");
    assertThat(noops.exitValue()).as(err).isEqualTo(2);
    assertThat(err)
        .contains("about 3 minutes the first time")
        .contains("building noops: module 1 of 3 (noops parent)")
        .contains("building noops: module 2 of 3 (noops function-support)")
        .contains("building noops: module 3 of 3 (noops cli)")
        .contains("the build failed; see " + log)
        .contains("[ERROR] COMPILATION ERROR : something broke");
    assertThat(read(log))
        .contains("[INFO] Scanning for projects...")
        .contains("[3/3]")
        .contains("something broke");
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
