package dev.noops.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShipperConfigTest {

  @Test
  void defaults_need_only_the_endpoint() {
    ShipperConfig config =
        ShipperConfig.fromEnvironment(Map.of("ES_ENDPOINT", "https://search.example.com"));
    assertThat(config.indexPrefix()).isEqualTo("logs-lambda");
    assertThat(config.dataStream()).isFalse();
    assertThat(config.auth()).isEqualTo(ShipperConfig.Auth.NONE);
    assertThat(config.limits()).isEqualTo(new BatchLimits(5 * 1024 * 1024, 5000));
    assertThat(config.safetyMargin()).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.installTemplates()).isTrue();
  }

  @Test
  void every_variable_is_read() {
    Map<String, String> env = new HashMap<>();
    env.put("ES_ENDPOINT", "https://abc.eu-west-1.aoss.amazonaws.com");
    env.put("ES_INDEX_PREFIX", "logs-prod");
    env.put("ES_DATA_STREAM", "true");
    env.put("ES_AUTH", "aws-sigv4");
    env.put("ES_AWS_SERVICE", "aoss");
    env.put("AWS_REGION", "eu-west-1");
    env.put("ES_BULK_MAX_BYTES", "1048576");
    env.put("ES_BULK_MAX_DOCUMENTS", "500");
    env.put("ES_REQUEST_TIMEOUT_MS", "10000");
    env.put("ES_CONNECT_TIMEOUT_MS", "1000");
    env.put("SHIPPER_SAFETY_MARGIN_MS", "5000");
    env.put("ES_RETRY_BASE_MS", "100");
    env.put("ES_RETRY_MAX_MS", "2000");
    env.put("ES_INSTALL_TEMPLATE", "false");
    ShipperConfig config = ShipperConfig.fromEnvironment(env);
    assertThat(config.indexPrefix()).isEqualTo("logs-prod");
    assertThat(config.dataStream()).isTrue();
    assertThat(config.auth()).isEqualTo(ShipperConfig.Auth.AWS_SIGV4);
    assertThat(config.awsService()).isEqualTo("aoss");
    assertThat(config.region()).isEqualTo("eu-west-1");
    assertThat(config.limits()).isEqualTo(new BatchLimits(1048576, 500));
    assertThat(config.retryPolicy())
        .isEqualTo(
            new RetryPolicy(
                Duration.ofMillis(100), Duration.ofMillis(2000), Duration.ofSeconds(10)));
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.safetyMargin()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.installTemplates()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "no endpoint||ES_ENDPOINT is not set",
        "ftp endpoint|ES_ENDPOINT=ftp://host|must be an http(s) URL",
        "upper-case prefix|ES_INDEX_PREFIX=Logs|index prefix must be lower case",
        "wildcard prefix|ES_INDEX_PREFIX=logs*|index prefix must be lower case",
        "unknown auth|ES_AUTH=kerberos|ES_AUTH must be none, basic, api-key or aws-sigv4",
        "basic without password|ES_AUTH=basic,ES_USERNAME=u|basic auth needs ES_USERNAME and"
            + " ES_PASSWORD",
        "api key missing|ES_AUTH=api-key|api-key auth needs ES_API_KEY",
        "sigv4 without region|ES_AUTH=aws-sigv4|aws-sigv4 auth needs AWS_REGION",
        "sigv4 other"
            + " service|ES_AUTH=aws-sigv4,AWS_REGION=eu-west-1,ES_AWS_SERVICE=s3|ES_AWS_SERVICE"
            + " must be es or aoss",
        "batch too small|ES_BULK_MAX_BYTES=10|ES_BULK_MAX_BYTES must be at least 1024",
        "not a number|ES_BULK_MAX_DOCUMENTS=many|ES_BULK_MAX_DOCUMENTS must be an integer: many",
        "not a boolean|ES_DATA_STREAM=maybe|ES_DATA_STREAM must be true or false: maybe",
      })
  void bad_configuration_names_the_variable(String name, String settings, String message) {
    Map<String, String> env = new HashMap<>();
    if (!name.equals("no endpoint")) {
      env.put("ES_ENDPOINT", "https://search.example.com");
    }
    if (settings != null) {
      for (String setting : settings.split(",", -1)) {
        String[] pair = setting.split("=", 2);
        env.put(pair[0], pair[1]);
      }
    }
    assertThatThrownBy(() -> ShipperConfig.fromEnvironment(env))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }

  @Test
  void to_string_never_shows_secrets_or_the_url_path() {
    ShipperConfig config =
        ShipperConfig.fromEnvironment(
            Map.of(
                "ES_ENDPOINT",
                "https://user:pw@search.example.com/private",
                "ES_AUTH",
                "basic",
                "ES_USERNAME",
                "shipper",
                "ES_PASSWORD",
                "hunter2"));
    assertThat(config.toString())
        .doesNotContain("hunter2")
        .doesNotContain("pw")
        .doesNotContain("private");
  }
}
