package dev.noops.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BuilderTest {
  @RegisterExtension final FakeConfigApi api = new FakeConfigApi();

  @Test
  void takes_url_and_api_key_from_the_environment_by_default() {
    api.put("/a", "from-env");
    Map<String, String> env =
        Map.of("NOOPS_CONFIG_URL", api.url(), "NOOPS_CONFIG_API_KEY", FakeConfigApi.API_KEY);
    try (ConfigClient client = ConfigClient.builder().env(env::get).build()) {
      assertThat(client.get("/a")).isEqualTo("from-env");
    }
    assertThat(api.requests().get(0).getHeaders().get("x-api-key"))
        .isEqualTo(FakeConfigApi.API_KEY);
  }

  @Test
  void explicit_settings_win_over_the_environment() {
    api.put("/a", "explicit");
    Map<String, String> env =
        Map.of("NOOPS_CONFIG_URL", "http://127.0.0.1:1/", "NOOPS_CONFIG_API_KEY", "env-key");
    try (ConfigClient client =
        ConfigClient.builder()
            .env(env::get)
            .baseUrl(api.url())
            .apiKey(FakeConfigApi.API_KEY)
            .build()) {
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
    assertThatThrownBy(() -> ConfigClient.builder().env(k -> "  ").build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ConfigClient.builder().baseUrl("ftp://x/").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("baseUrl is not an http or https URL: ftp://x/");
    assertThatThrownBy(() -> ConfigClient.builder().baseUrl("http://x/?a=b").build())
        .hasMessage("baseUrl must have no query or fragment: http://x/?a=b");
    assertThatThrownBy(
            () ->
                ConfigClient.builder()
                    .baseUrl("http://x/")
                    .maxAge(Duration.ofMinutes(5))
                    .maxStaleness(Duration.ofMinutes(1))
                    .build())
        .hasMessage("maxStaleness (PT1M) < maxAge (PT5M)");
    assertThatThrownBy(() -> ConfigClient.builder().timeout(Duration.ZERO))
        .hasMessage("timeout must be positive: PT0S");
    assertThatThrownBy(() -> ConfigClient.builder().maxAge(Duration.ofSeconds(-1)))
        .hasMessage("maxAge must be positive: PT-1S");
    assertThatThrownBy(() -> ConfigClient.builder().jitter(1.5))
        .hasMessage("jitter must be within 0..1: 1.5");
    assertThatThrownBy(() -> ConfigClient.builder().jitter(Double.NaN))
        .hasMessage("jitter must be within 0..1: NaN");
    assertThatThrownBy(() -> ConfigClient.builder().baseUrl(null)).hasMessage("baseUrl == null");
    assertThatThrownBy(() -> ConfigClient.builder().requestHeader(null, () -> "v"))
        .hasMessage("name == null");
    assertThatThrownBy(() -> ConfigClient.builder().requestHeader("x-tenant", null))
        .hasMessage("value == null");
    assertThatThrownBy(() -> ConfigClient.builder().requestHeader("bad name", () -> "v"))
        .hasMessage("not an HTTP header name: bad name");
    assertThatThrownBy(() -> ConfigClient.builder().requestHeader("X-Api-Key", () -> "v"))
        .hasMessage("X-Api-Key is set by the client itself");
    assertThatThrownBy(() -> ConfigClient.builder().requestHeader("Host", () -> "v"))
        .hasMessage("Host is set by the client itself");
  }

  @Test
  void a_request_header_is_read_per_request_and_a_hostile_or_blank_value_is_not_sent() {
    api.put("/a", "v");
    java.util.concurrent.atomic.AtomicReference<String> tenant =
        new java.util.concurrent.atomic.AtomicReference<>("acme");
    try (ConfigClient client = api.client().requestHeader("x-tenant", tenant::get).build()) {
      client.get("/a");
      tenant.set("evil\r\nx-api-key: stolen");
      client.prefetch("/a");
      tenant.set(" ");
      client.refresh();
    }
    assertThat(api.requests())
        .extracting(r -> r.getHeaders().get("x-tenant"))
        .containsExactly("acme", null, null);
    assertThat(api.requests())
        .allMatch(r -> FakeConfigApi.API_KEY.equals(r.getHeaders().get("x-api-key")));
  }

  @Test
  void the_public_api_is_at_most_ten_types_and_users_cannot_implement_what_they_must_not()
      throws Exception {
    java.util.List<Class<?>> types = new java.util.ArrayList<>();
    for (String name :
        java.util.List.of(
            "ConfigClient",
            "ConfigClient$Builder",
            "ConfigClient$Registration",
            "ConfigValue",
            "ConfigChange",
            "ConfigException",
            "ConfigNotFoundException",
            "ConfigUnavailableException",
            "Batches",
            "ConfigHttp",
            "ConfigJson",
            "CorrelationSupport",
            "Entry",
            "ExtraHeaders",
            "FailureLog",
            "Jitter",
            "Keys",
            "KmsSecretDecryptor",
            "Listeners",
            "SecretDecryptor",
            "Secrets",
            "SingleFlight")) {
      Class<?> type = Class.forName("dev.noops.config." + name);
      if (java.lang.reflect.Modifier.isPublic(type.getModifiers())) {
        types.add(type);
      }
    }
    assertThat(types).hasSizeLessThanOrEqualTo(10);
    assertThat(ConfigClient.Registration.class.isSealed()).isTrue();
    assertThat(ConfigException.class.isSealed()).isTrue();
    assertThat(ConfigException.class.getConstructors()).isEmpty();
    for (Class<?> type : types) {
      for (java.lang.reflect.Method method : type.getMethods()) {
        assertThat(method.getParameterTypes())
            .as(type + "." + method.getName())
            .noneMatch(p -> p.getName().startsWith("okhttp3.") || p.getName().startsWith("okio."));
      }
    }
  }

  @Test
  void config_value_to_string_leaves_the_value_out() {
    ConfigValue value = new ConfigValue("/a", "hunter2", false, 7, null, "me");
    assertThat(value.toString()).doesNotContain("hunter2").contains("/a").contains("version=7");
  }
}
