package dev.noops.config;

import static dev.noops.testsupport.AwsWireMock.KMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.noops.testsupport.AwsWireMock;
import dev.noops.testsupport.AwsWireMock.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** getSecret against KMS on the wire (AWS JSON 1.1, TrentService.Decrypt) through WireMock. */
class SecretTest {
  static final String DECRYPT = KMS + ".Decrypt";
  static final String PLAINTEXT = "pa55-w0rd-plain";
  private static final String KEY_ARN =
      "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
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

  @BeforeEach
  void reset() {
    kms.reset();
  }

  static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  static Reply plaintext(String text) {
    return Reply.ok(
        Map.of(
            "KeyId",
            KEY_ARN,
            "Plaintext",
            b64(text.getBytes(StandardCharsets.UTF_8)),
            "EncryptionAlgorithm",
            "SYMMETRIC_DEFAULT"));
  }

  private ConfigClient client() {
    return api.client()
        .clock(clock)
        .maxAge(Duration.ofSeconds(10))
        .kmsEndpoint(kms.endpoint())
        .build();
  }

  @Test
  void decrypts_with_the_key_bound_in_the_encryption_context() {
    byte[] blob = {1, 2, 3, 4, 5, 6, 7, 8};
    api.put("/orders/db-password", b64(blob), true);
    kms.stubJson(DECRYPT, plaintext(PLAINTEXT));
    try (ConfigClient client = client()) {
      assertThat(client.getSecret("/orders/db-password")).isEqualTo(PLAINTEXT);
    }
    List<JsonNode> sent = kms.jsonRequests(DECRYPT);
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).get("CiphertextBlob").asText()).isEqualTo(b64(blob));
    assertThat(sent.get(0).get("EncryptionContext").properties()).hasSize(1);
    assertThat(sent.get(0).at("/EncryptionContext/noops:key").asText())
        .isEqualTo("/orders/db-password");
  }

  @Test
  void decrypts_once_per_version_and_again_when_the_version_changes() {
    api.put("/orders/db-password", b64(new byte[] {1}), true);
    kms.stubJson(DECRYPT, plaintext("first"), plaintext("second"));
    try (ConfigClient client = client()) {
      assertThat(client.getSecret("/orders/db-password")).isEqualTo("first");
      clock.advance(Duration.ofSeconds(10));
      assertThat(client.getSecret("/orders/db-password"))
          .as("304: same version")
          .isEqualTo("first");
      assertThat(kms.jsonRequests(DECRYPT)).hasSize(1);

      api.put("/orders/db-password", b64(new byte[] {2}), true);
      clock.advance(Duration.ofSeconds(10));
      assertThat(client.getSecret("/orders/db-password")).isEqualTo("second");
    }
    assertThat(kms.jsonRequests(DECRYPT))
        .extracting(r -> r.get("CiphertextBlob").asText())
        .containsExactly(b64(new byte[] {1}), b64(new byte[] {2}));
  }

  @Test
  void fifty_concurrent_secret_reads_decrypt_once() throws Exception {
    api.put("/orders/db-password", b64(new byte[] {9}), true);
    kms.stubJson(DECRYPT, plaintext(PLAINTEXT).delayedBy(300));
    try (ConfigClient client = api.client().kmsEndpoint(kms.endpoint()).build()) {
      client.prefetch("/orders/db-password");
      assertThat(
              CacheAndRefreshTest.concurrently(50, () -> client.getSecret("/orders/db-password")))
          .hasSize(50)
          .containsOnly(PLAINTEXT);
    }
    assertThat(kms.jsonRequests(DECRYPT)).hasSize(1);
  }

  @Test
  void a_ciphertext_moved_to_another_key_is_refused_by_kms_and_reported_without_plaintext() {
    api.put("/orders/copied", b64(new byte[] {1, 2}), true);
    kms.stubJson(DECRYPT, Reply.error(400, "InvalidCiphertextException", "context mismatch"));
    try (ConfigClient client = client()) {
      assertThatThrownBy(() -> client.getSecret("/orders/copied"))
          .isInstanceOf(ConfigException.class)
          .hasMessage("KMS cannot decrypt /orders/copied: InvalidCiphertextException (400)");
    }
  }

  @Test
  void a_ciphertext_that_is_not_base64_is_refused_before_kms() {
    api.put("/orders/bad", "***not base64***", true);
    try (ConfigClient client = client()) {
      assertThatThrownBy(() -> client.getSecret("/orders/bad"))
          .isInstanceOf(ConfigException.class)
          .hasMessage("the ciphertext stored under /orders/bad is not base64");
    }
    assertThat(kms.jsonRequests(DECRYPT)).isEmpty();
  }

  @Test
  void a_slow_kms_is_cut_off_within_the_budget() {
    api.put("/orders/db-password", b64(new byte[] {1}), true);
    api.warmUp();
    kms.stubJson(DECRYPT, plaintext(PLAINTEXT));
    try (ConfigClient warm = client()) {
      warm.getSecret("/orders/db-password"); // loads the SDK outside the measured call
    }
    kms.reset();
    kms.stubJson(DECRYPT, plaintext(PLAINTEXT).delayedBy(5_000));
    try (ConfigClient client =
        api.client().timeout(Duration.ofMillis(1500)).kmsEndpoint(kms.endpoint()).build()) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> client.getSecret("/orders/db-password"))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("KMS cannot decrypt /orders/db-password");
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isLessThan(Duration.ofMillis(1500 + 2000));
    }
  }
}
