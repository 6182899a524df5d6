package dev.noops.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BuilderTest {
  @RegisterExtension
  final FakeConfigApi api = new FakeConfigApi();

  @Test
  void takes_url_and_api_key_from_the_environment_by_default() {
    api.put("/a", "from-env");
    Map<String, String> env = Map.of("NOOPS_CONFIG_URL", api.url(), "NOOPS_CONFIG_API_KEY", FakeConfigApi.API_KEY);
    try (ConfigClient client = ConfigClient.builder().env(env::get).build()) {
      assertThat(client.get("/a")).isEqualTo("from-env");
    }
    assertThat(api.requests().get(0).getHeaders().get("x-api-key")).isEqualTo(FakeConfigApi.API_KEY);
  }

  @Test
  void explicit_settings_win_over_the_environment() {
    api.put("/a", "explicit");
    Map<String, String> env = Map.of("NOOPS_CONFIG_URL", "http://127.0.0.1:1/", "NOOPS_CONFIG_API_KEY", "env-key");
    try (ConfigClient client = ConfigClient.builder().env(env::get).baseUrl(api.url()).apiKey(FakeConfigApi.API_KEY).build()) {
      assertThat(client.get("/a")).isEqualTo("explicit");
    }
  }

  @Test
  void without_an_api_key_no_header_is_sent() {
    try (ConfigClient client = ConfigClient.builder().env(k -> null).baseUrl(api.url()).build()) {
      assertThatThrownBy(() -> client.get("/a")).hasMessageContaining("403");
    }
    assertThat(api.requests().get(0).getHeaders().get("x-api-key")).isNull();
  }

  @Test
  void refuses_missing_or_bad_settings_with_exact_messages() {
    assertThatThrownBy(() -> ConfigClient.builder().env(k -> null).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no config API URL: call baseUrl(...) or set NOOPS_CONFIG_URL");
    assertThatThrownBy(() -> ConfigClient.builder().env(k -> "  ").build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ConfigClient.builder().baseUrl("ftp://x/").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("baseUrl is not an http or https URL: ftp://x/");
    assertThatThrownBy(() -> ConfigClient.builder().baseUrl("http://x/?a=b").build())
        .hasMessage("baseUrl must have no query or fragment: http://x/?a=b");
    assertThatThrownBy(() -> ConfigClient.builder().baseUrl("http://x/").maxAge(Duration.ofMinutes(5))
        .maxStaleness(Duration.ofMinutes(1)).build())
        .hasMessage("maxStaleness (PT1M) < maxAge (PT5M)");
    assertThatThrownBy(() -> ConfigClient.builder().timeout(Duration.ZERO)).hasMessage("timeout must be positive: PT0S");
    assertThatThrownBy(() -> ConfigClient.builder().maxAge(Duration.ofSeconds(-1))).hasMessage("maxAge must be positive: PT-1S");
    assertThatThrownBy(() -> ConfigClient.builder().jitter(1.5)).hasMessage("jitter must be within 0..1: 1.5");
    assertThatThrownBy(() -> ConfigClient.builder().jitter(Double.NaN)).hasMessage("jitter must be within 0..1: NaN");
    assertThatThrownBy(() -> ConfigClient.builder().baseUrl(null)).hasMessage("baseUrl == null");
    assertThatThrownBy(() -> ConfigClient.builder().addInterceptor(null)).hasMessage("interceptor == null");
  }

  @Test
  void an_added_interceptor_sees_every_request_so_correlation_ids_can_be_forwarded() {
    api.put("/a", "v");
    try (ConfigClient client = api.client()
        .addInterceptor(chain -> chain.proceed(chain.request().newBuilder().header("x-correlation-id", "req-42").build()))
        .build()) {
      client.get("/a");
      client.prefetch("/a");
    }
    assertThat(api.requests()).extracting(r -> r.getHeaders().get("x-correlation-id")).containsExactly("req-42", "req-42");
  }

  @Test
  void config_value_to_string_leaves_the_value_out() {
    ConfigValue value = new ConfigValue("/a", "hunter2", false, 7, null, "me");
    assertThat(value.toString()).doesNotContain("hunter2").contains("/a").contains("version=7");
  }
}
