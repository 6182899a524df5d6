package dev.noops.configapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigKeyTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/a",
        "/orders/db-url",
        "/Orders/DB_URL.v2",
        "/a/b/c/d",
        "/a..b",
        "/.hidden",
        "/v1.2-rc_3"
      })
  void accepts_paths_of_safe_segments(String key) {
    assertThat(ConfigKey.of(key).path()).isEqualTo(key);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "a",
        "/",
        "//a",
        "/a/",
        "/a//b",
        "/a/../b",
        "/..",
        "/a/.",
        "/a b",
        "/a\tb",
        "/caf\u00e9",
        "/a?b",
        "/a%2Fb",
        "/a,b",
        "/a\u0000b",
        "\\a"
      })
  void rejects_everything_else(String key) {
    assertThatThrownBy(() -> ConfigKey.of(key))
        .isInstanceOf(ConfigException.class)
        .extracting(e -> ((ConfigException) e).reason())
        .isEqualTo(ConfigException.Reason.INVALID_KEY);
  }

  @ParameterizedTest
  @ValueSource(ints = {512, 513})
  void allows_at_most_512_characters(int length) {
    String key = "/" + "k".repeat(length - 1);
    if (length <= ConfigKey.MAX_LENGTH) {
      assertThat(ConfigKey.of(key).path()).hasSize(length);
    } else {
      assertThatThrownBy(() -> ConfigKey.of(key)).hasMessageContaining("513 characters");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/a\nFAKE LOG LINE", "/a\u001b[31m"})
  void messages_escape_control_characters(String key) {
    assertThatThrownBy(() -> ConfigKey.of(key))
        .hasMessageNotContaining("\n")
        .hasMessageNotContaining("\u001b");
  }
}
