package dev.noops.config;

import static dev.noops.config.SecretTest.DECRYPT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.noops.testsupport.AwsWireMock;
import dev.noops.testsupport.AwsWireMock.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every path that logs — outages, recoveries, malformed answers, failing listeners, KMS success and
 * failure, type errors — with every logger of the JVM at TRACE: no value, ciphertext, plaintext or
 * API key appears in any rendered line, argument, key-value pair or exception chain.
 */
class NoValueInLogsTest {
  private static final String PLAIN_V1 = "plain-value-one-7f3a";
  private static final String PLAIN_V2 = "plain-value-two-91bc";
  private static final String SECRET = "top-secret-plaintext-55e0";
  private static final String CIPHERTEXT =
      SecretTest.b64("ciphertext-bytes-c1d2".getBytes(StandardCharsets.UTF_8));
  private static final String BAD_CIPHERTEXT =
      SecretTest.b64("other-ciphertext-e3f4".getBytes(StandardCharsets.UTF_8));
  private static AwsWireMock kms;
  @RegisterExtension final FakeConfigApi api = new FakeConfigApi();
  private final TestClock clock = new TestClock();

  @BeforeAll
  static void startKms() {
    kms = AwsWireMock.start();
    AwsTestProperties.set();
  }

  @AfterAll
  static void stopKms() {
    kms.close();
    AwsTestProperties.clear();
  }

  @Test
  void no_value_or_plaintext_secret_is_ever_logged() {
    api.put("/orders/db-url", PLAIN_V1);
    api.put("/orders/db-password", CIPHERTEXT, true);
    api.put("/orders/moved", BAD_CIPHERTEXT, true);
    kms.stubJson(DECRYPT, SecretTest.plaintext(SECRET));
    try (LogCapture logs = new LogCapture();
        ConfigClient client =
            api.client()
                .clock(clock)
                .maxAge(Duration.ofSeconds(10))
                .kmsEndpoint(kms.endpoint())
                .build()) {
      client.onChange(
          "/orders/db-url",
          change -> {
            throw new IllegalStateException(
                "listener saw "
                    + change.current().map(ConfigValue::value).orElse("")
                    + " "
                    + change);
          });
      client.prefetch("/orders/db-url", "/orders/db-password", "/orders/moved");
      assertThat(client.get("/orders/db-url")).isEqualTo(PLAIN_V1);
      assertThat(client.getSecret("/orders/db-password")).isEqualTo(SECRET);

      api.put("/orders/db-url", PLAIN_V2);
      clock.advance(Duration.ofSeconds(10));
      assertThat(client.get("/orders/db-url")).isEqualTo(PLAIN_V2);

      api.override(
          new MockResponse.Builder()
              .code(200)
              .body("{\"key\":\"/orders/db-url\",\"value\":\"" + PLAIN_V2 + "\",")
              .build());
      clock.advance(Duration.ofSeconds(10));
      assertThat(client.get("/orders/db-url")).as("stale on malformed").isEqualTo(PLAIN_V2);
      api.override(FakeConfigApi.error(500, "InternalError"));
      clock.advance(Duration.ofSeconds(10));
      assertThat(client.get("/orders/db-url")).as("stale on 500").isEqualTo(PLAIN_V2);
      api.override(null);
      clock.advance(Duration.ofSeconds(10));
      client.get("/orders/db-url");

      assertThatThrownBy(() -> client.getInt("/orders/db-url")).isInstanceOf(ConfigException.class);
      kms.stubJson(DECRYPT, Reply.error(400, "InvalidCiphertextException", "bad"));
      assertThatThrownBy(() -> client.getSecret("/orders/moved"))
          .isInstanceOf(ConfigException.class);

      assertThat(logs.events(Level.WARN, "config.api.failing"))
          .as("the outage was logged")
          .hasSize(1);
      assertThat(logs.events(Level.INFO, "config.api.recovered")).hasSize(1);
      assertThat(logs.events(Level.WARN, "config.listener.failed"))
          .as("the failing listener was logged")
          .hasSize(1);
      assertThat(logs.everything())
          .as("the SDK logged at TRACE too")
          .contains("software.amazon.awssdk");

      String everything = logs.everything();
      for (String forbidden :
          List.of(PLAIN_V1, PLAIN_V2, SECRET, CIPHERTEXT, BAD_CIPHERTEXT, FakeConfigApi.API_KEY)) {
        assertThat(everything).doesNotContain(forbidden);
      }
    }
  }
}
