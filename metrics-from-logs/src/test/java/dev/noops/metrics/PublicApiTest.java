package dev.noops.metrics;

import dev.noops.testsupport.ApiSnapshot;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The public API changes only on purpose: api/noops-metrics-from-logs.api records it. */
class PublicApiTest {
  @Test
  void the_public_api_is_the_recorded_one() {
    ApiSnapshot.of("noops-metrics-from-logs", MetricsFromLogs.class).assertRecorded(Path.of("api", "noops-metrics-from-logs.api"));
  }
}
