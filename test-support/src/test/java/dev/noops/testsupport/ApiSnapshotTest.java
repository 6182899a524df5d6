package dev.noops.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API snapshot of this module's own classes: what it lists, and how a difference fails. */
class ApiSnapshotTest {
  private final ApiSnapshot api = ApiSnapshot.of("noops-test-support", ApiSnapshot.class);

  @Test
  void lists_public_types_with_their_public_members_and_constants_only() {
    String text = api.text();

    assertThat(api.types())
        .contains("dev.noops.testsupport.ApiSnapshot", "dev.noops.testsupport.AwsWireMock");
    assertThat(text)
        .startsWith(
            "# The public API of noops-test-support: " + api.types().size() + " public types.")
        .contains("public final class dev.noops.testsupport.ApiSnapshot\n")
        .contains(
            "  public void dev.noops.testsupport.ApiSnapshot.assertRecorded(java.nio.file.Path)\n")
        .contains(
            "  public static final java.lang.String"
                + " dev.noops.testsupport.ApiSnapshot.UPDATE_PROPERTY = \"noops.api.update\"\n")
        .doesNotContain("describe(", "private ");
  }

  @Test
  void a_recorded_file_that_matches_passes(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("api.txt");
    Files.writeString(file, api.text());

    api.assertRecorded(file);
  }

  @Test
  void a_difference_fails_naming_each_added_and_removed_line(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("api.txt");
    String recorded =
        api.text()
                .replace(
                    "  public void"
                        + " dev.noops.testsupport.ApiSnapshot.assertRecorded(java.nio.file.Path)\n",
                    "")
            + "  public void dev.noops.testsupport.Gone.method()\n";
    Files.writeString(file, recorded);

    assertThatThrownBy(() -> api.assertRecorded(file))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(
            "+   public void dev.noops.testsupport.ApiSnapshot.assertRecorded(java.nio.file.Path)")
        .hasMessageContaining("-   public void dev.noops.testsupport.Gone.method()")
        .hasMessageContaining(ApiSnapshot.REGENERATE);
  }

  @Test
  void a_missing_file_fails_with_the_command_that_records_it(@TempDir Path dir) {
    assertThatThrownBy(() -> api.assertRecorded(dir.resolve("none.api")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("no recorded API")
        .hasMessageContaining(ApiSnapshot.REGENERATE);
  }
}
