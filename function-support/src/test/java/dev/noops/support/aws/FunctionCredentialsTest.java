package dev.noops.support.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.noops.testsupport.AwsWireMock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A function's credentials: the variables Lambda sets without SnapStart, else the container
 * endpoint Lambda serves under SnapStart, cached until shortly before they expire.
 */
class FunctionCredentialsTest {
  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
  private static final String PATH = "/2018-06-01/credentials";

  @RegisterExtension final AwsWireMock server = AwsWireMock.start();

  private void serves(String key, String expiration) {
    server
        .server()
        .stubFor(
            get(urlEqualTo(PATH))
                .willReturn(
                    aResponse()
                        .withStatus(200)
                        .withBody(
                            "{\"AccessKeyId\":\""
                                + key
                                + "\",\"SecretAccessKey\":\"secret\",\"Token\":\"session\","
                                + "\"Expiration\":\""
                                + expiration
                                + "\"}")));
  }

  private Map<String, String> container(String token) {
    return Map.of(
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        server.endpoint().resolve(PATH).toString(),
        "AWS_CONTAINER_AUTHORIZATION_TOKEN",
        token);
  }

  private static FunctionCredentials credentials(Map<String, String> env, Instant now) {
    return new FunctionCredentials(env, new Properties(), Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void the_variables_come_first_and_the_endpoint_is_not_asked() {
    Map<String, String> env = new java.util.HashMap<>(container("t"));
    env.put("AWS_ACCESS_KEY_ID", "AKIAENV");
    env.put("AWS_SECRET_ACCESS_KEY", "s");

    assertThat(credentials(env, NOW).get().accessKeyId()).isEqualTo("AKIAENV");
    assertThat(server.server().getAllServeEvents()).isEmpty();
  }

  @Test
  void system_properties_are_read_at_each_call_and_win_over_the_environment() {
    Properties properties = new Properties();
    FunctionCredentials credentials =
        new FunctionCredentials(
            Map.of("AWS_ACCESS_KEY_ID", "AKIAENV", "AWS_SECRET_ACCESS_KEY", "s"),
            properties,
            Clock.fixed(NOW, ZoneOffset.UTC));

    assertThat(credentials.get().accessKeyId()).isEqualTo("AKIAENV");
    properties.setProperty("aws.accessKeyId", "AKIAPROPERTY");
    properties.setProperty("aws.secretAccessKey", "p");
    assertThat(credentials.get().accessKeyId()).isEqualTo("AKIAPROPERTY");
    properties.clear();
    assertThat(credentials.get().accessKeyId()).isEqualTo("AKIAENV");
  }

  @Test
  void under_snapstart_the_container_endpoint_answers_with_the_token_and_is_asked_once() {
    serves("ASIACONTAINER", "2026-12-02T11:00:00Z");
    FunctionCredentials credentials = credentials(container("token-1"), NOW);

    AwsCredentials first = credentials.get();
    AwsCredentials second = credentials.get();

    assertThat(first.accessKeyId()).isEqualTo("ASIACONTAINER");
    assertThat(first.secretAccessKey()).isEqualTo("secret");
    assertThat(first.sessionToken()).isEqualTo("session");
    assertThat(second).isEqualTo(first);
    server
        .server()
        .verify(
            1, getRequestedFor(urlEqualTo(PATH)).withHeader("Authorization", equalTo("token-1")));
  }

  @Test
  void credentials_that_expire_within_five_minutes_are_fetched_again(@TempDir Path dir)
      throws Exception {
    serves("ASIASOON", "2026-12-02T10:04:00Z");
    Path token = Files.writeString(dir.resolve("token"), "token-from-file\n");
    Map<String, String> env =
        Map.of(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            server.endpoint().resolve(PATH).toString(),
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
            token.toString());
    FunctionCredentials credentials = credentials(env, NOW);

    credentials.get();
    credentials.get();

    server
        .server()
        .verify(
            2,
            getRequestedFor(urlEqualTo(PATH))
                .withHeader("Authorization", equalTo("token-from-file")));
  }

  @Test
  void without_any_source_the_error_names_what_to_set() {
    assertThatThrownBy(() -> credentials(Map.of(), NOW).get())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("AWS_ACCESS_KEY_ID")
        .hasMessageContaining("AWS_CONTAINER_CREDENTIALS_FULL_URI");
  }

  @Test
  void an_endpoint_that_refuses_is_an_error_without_the_token() {
    server.server().stubFor(get(urlEqualTo(PATH)).willReturn(aResponse().withStatus(403)));

    assertThatThrownBy(() -> credentials(container("secret-token"), NOW).get())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("403")
        .hasMessageNotContaining("secret-token");
  }
}
