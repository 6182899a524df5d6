package dev.noops.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.noops.testsupport.ApiSnapshot;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The public API is small and changes only on purpose: api/noops-correlation.api records it. */
class PublicApiTest {
  private static final ApiSnapshot API = ApiSnapshot.of("noops-correlation", Correlation.class);

  @Test
  void the_public_api_is_the_recorded_one() {
    API.assertRecorded(Path.of("api", "noops-correlation.api"));
  }

  @Test
  void at_most_ten_public_types() {
    assertThat(API.types()).hasSizeLessThanOrEqualTo(10);
  }
}
