package dev.noops.config;

import dev.noops.testsupport.ApiSnapshot;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The public API changes only on purpose: api/noops-config-client.api records it. */
class PublicApiTest {
  @Test
  void the_public_api_is_the_recorded_one() {
    ApiSnapshot.of("noops-config-client", ConfigClient.class)
        .assertRecorded(Path.of("api", "noops-config-client.api"));
  }
}
