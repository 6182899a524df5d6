package dev.noops.logs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.noops.logs.CloudWatchData.envelope;
import static dev.noops.logs.CloudWatchData.payload;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A self-managed cluster behind a self-signed certificate: trusted by CA bundle or pinned
 * fingerprint, refused otherwise.
 */
class TlsTest {
  private static final String OK_ONE_ITEM =
      "{\"took\":1,\"errors\":false,\"items\":[{\"index\":{\"_id\":\"t-0\",\"status\":201}}]}";
  @TempDir static Path dir;
  private static WireMockServer https;
  private static String pem;
  private static String fingerprint;

  @BeforeAll
  static void start() throws Exception {
    Path keystore = dir.resolve("server.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "secret123",
                "-keypass",
                "secret123")
            .redirectErrorStream(true)
            .start();
    assertThat(keytool.waitFor())
        .as(new String(keytool.getInputStream().readAllBytes(), UTF_8))
        .isZero();
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(keystore)) {
      store.load(in, "secret123".toCharArray());
    }
    byte[] der = store.getCertificate("server").getEncoded();
    pem =
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(UTF_8)).encodeToString(der)
            + "\n-----END CERTIFICATE-----\n";
    fingerprint =
        HexFormat.ofDelimiter(":")
            .formatHex(MessageDigest.getInstance("SHA-256").digest(der))
            .toUpperCase(Locale.ROOT);
    https =
        new WireMockServer(
            options()
                .bindAddress("127.0.0.1")
                .httpDisabled(true)
                .dynamicHttpsPort()
                .keystorePath(keystore.toString())
                .keystoreType("PKCS12")
                .keystorePassword("secret123")
                .keyManagerPassword("secret123"));
    https.start();
    https.stubFor(
        any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{\"acknowledged\":true}")));
    https.stubFor(
        post(urlPathEqualTo("/_bulk"))
            .willReturn(aResponse().withStatus(200).withBody(OK_ONE_ITEM)));
  }

  @AfterAll
  static void stop() {
    https.stop();
  }

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env =
        new java.util.HashMap<>(
            Map.of(
                "ES_ENDPOINT",
                "https://127.0.0.1:" + https.httpsPort(),
                "ES_RETRY_BASE_MS",
                "20",
                "ES_RETRY_MAX_MS",
                "50",
                "SHIPPER_SAFETY_MARGIN_MS",
                "0"));
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  private static ShipReport ship(Map<String, String> env, int seconds) {
    Shipper shipper = Shipper.create(ShipperConfig.fromEnvironment(env), MetricLineListener.NONE);
    return shipper.ship(
        envelope(payload(CloudWatchData.events("t", List.of("over tls")))),
        Duration.ofSeconds(seconds));
  }

  @Test
  void a_ca_bundle_from_a_file_or_a_secret_trusts_the_cluster() throws IOException {
    int before = https.findAll(postRequestedFor(urlPathEqualTo("/_bulk"))).size();
    Path file = Files.writeString(dir.resolve("ca.pem"), pem);
    assertThat(ship(env("ES_CA_FILE", file.toString()), 10).indexed()).isEqualTo(1);
    assertThat(ship(env("ES_CA_PEM", pem), 10).indexed()).isEqualTo(1);
    assertThat(https.findAll(postRequestedFor(urlPathEqualTo("/_bulk")))).hasSize(before + 2);
  }

  @Test
  void a_pinned_fingerprint_trusts_the_cluster_and_a_wrong_one_refuses_it() {
    assertThat(ship(env("ES_CA_FINGERPRINT", fingerprint), 10).indexed()).isEqualTo(1);
    String wrong = "00" + fingerprint.substring(2);
    assertThatThrownBy(() -> ship(env("ES_CA_FINGERPRINT", wrong), 2))
        .isInstanceOf(BudgetExhaustedException.class);
    assertThatThrownBy(() -> ship(env("ES_CA_PEM", pem, "ES_CA_FINGERPRINT", wrong), 2))
        .as("bundle and pin must both hold")
        .isInstanceOf(BudgetExhaustedException.class);
  }

  @Test
  void without_trust_settings_a_self_signed_cluster_is_refused() {
    assertThatThrownBy(() -> ship(env(), 2)).isInstanceOf(BudgetExhaustedException.class);
  }

  @Test
  void unusable_settings_are_startup_errors() {
    assertThatThrownBy(() -> ShipperConfig.fromEnvironment(env("ES_CA_FINGERPRINT", "abc")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("ES_CA_FINGERPRINT must be a SHA-256");
    assertThatThrownBy(
            () ->
                ShipperConfig.fromEnvironment(
                    env("ES_CA_FILE", dir.resolve("missing.pem").toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("ES_CA_FILE cannot be read");
    assertThatThrownBy(() -> ShipperConfig.fromEnvironment(env("ES_CA_PEM", "not a certificate")))
        .isInstanceOf(ConfigException.class);
    assertThatThrownBy(
            () -> ShipperConfig.fromEnvironment(env("ES_CA_PEM", pem, "ES_CA_FILE", "/x.pem")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("set ES_CA_FILE or ES_CA_PEM, not both");
  }
}
