package dev.noops.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DynoxideBinaryTest {

  @Test
  void resolves_an_executable_cached_under_the_pinned_version() {
    Path binary = DynoxideBinary.resolve();

    assertThat(Files.isExecutable(binary)).isTrue();
    if (System.getenv("NOOPS_DYNOXIDE_BINARY") == null) {
      assertThat(binary.toString()).contains(DynoxideBinary.VERSION);
    }
  }
}
