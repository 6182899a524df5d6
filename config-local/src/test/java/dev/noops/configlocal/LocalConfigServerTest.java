package dev.noops.configlocal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;

/**
 * The same handler through the local HTTP server, with a real HTTP client, and the local KMS
 * look-alike with the real SDK.
 */
class LocalConfigServerTest {
  private static Dynamo dynamo;
  private LocalApi api;

  @BeforeAll
  static void startDynamo() {
    dynamo = new Dynamo();
  }

  @AfterAll
  static void stopDynamo() {
    dynamo.close();
  }

  @BeforeEach
  void start() {
    api = new LocalApi(dynamo);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void puts_gets_and_answers_304_over_http() throws Exception {
    HttpResponse<String> put =
        api.put("/orders/db-url", "{\"value\": \"jdbc:postgresql://db/orders\"}");
    assertThat(put.statusCode()).isEqualTo(201);
    assertThat(put.headers().firstValue("ETag")).hasValue("\"1\"");

    HttpResponse<String> get = api.get("/config/orders/db-url");
    JsonNode item = TestJson.JSON.readTree(get.body());
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(item.get("value").asText()).isEqualTo("jdbc:postgresql://db/orders");
    assertThat(item.get("updatedBy").asText()).isEqualTo(LocalApiExchange.API_KEY_ID);

    HttpResponse<String> cached =
        api.send(
            api.request("/config/orders/db-url").header("If-None-Match", "\"1\"").GET().build());
    assertThat(cached.statusCode()).isEqualTo(304);
    assertThat(cached.body()).isEmpty();
  }

  @Test
  void compare_and_set_history_batch_list_and_delete_over_http() throws Exception {
    api.put("/orders/a", "{\"value\": \"1\"}");
    HttpResponse<String> stale =
        api.send(
            api.request("/config/orders/a")
                .header("Content-Type", "application/json")
                .header("If-Match", "\"3\"")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"value\": \"x\"}"))
                .build());
    api.send(
        api.request("/config/orders/a")
            .header("Content-Type", "application/json")
            .header("If-Match", "\"1\"")
            .PUT(HttpRequest.BodyPublishers.ofString("{\"value\": \"2\"}"))
            .build());
    api.put("/orders/b", "{\"value\": \"b\"}");

    assertThat(stale.statusCode()).isEqualTo(412);
    assertThat(TestJson.JSON.readTree(api.get("/history/orders/a").body()).get("versions"))
        .hasSize(2);
    assertThat(
            TestJson.JSON.readTree(api.get("/config?keys=/orders/a,/orders/b").body()).get("items"))
        .hasSize(2);
    assertThat(TestJson.JSON.readTree(api.get("/config?prefix=/orders/").body()).get("items"))
        .hasSize(2);
    assertThat(api.send(api.request("/config/orders/b").DELETE().build()).statusCode())
        .isEqualTo(204);
    assertThat(api.get("/config/orders/b").statusCode()).isEqualTo(404);
  }

  @Test
  void refuses_requests_without_the_api_key() {
    HttpResponse<String> none =
        api.send(
            java.net.http.HttpRequest.newBuilder(api.server.baseUrl().resolve("/config/a"))
                .GET()
                .build());
    HttpResponse<String> wrong =
        api.send(
            java.net.http.HttpRequest.newBuilder(api.server.baseUrl().resolve("/config/a"))
                .header("x-api-key", "not-the-key-0123456789")
                .GET()
                .build());

    assertThat(none.statusCode()).isEqualTo(403);
    assertThat(none.body()).contains("\"error\":\"Forbidden\"");
    assertThat(wrong.statusCode()).isEqualTo(403);
  }

  @Test
  void
      encrypt_true_uses_the_local_key_ring_and_the_sdk_kms_client_decrypts_it_from_the_kms_endpoint()
          throws Exception {
    api.put("/orders/db-password", "{\"value\": \"hunter2\", \"encrypt\": true}");
    String ciphertext =
        TestJson.JSON.readTree(api.get("/config/orders/db-password").body()).get("value").asText();

    try (KmsClient kms = kmsClient()) {
      SdkBytes plaintext =
          kms.decrypt(
                  b ->
                      b.ciphertextBlob(
                              SdkBytes.fromByteArray(Base64.getDecoder().decode(ciphertext)))
                          .encryptionContext(Map.of("noops:key", "/orders/db-password")))
              .plaintext();
      assertThat(plaintext.asUtf8String()).isEqualTo("hunter2");

      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  kms.decrypt(
                      b ->
                          b.ciphertextBlob(
                                  SdkBytes.fromByteArray(Base64.getDecoder().decode(ciphertext)))
                              .encryptionContext(Map.of("noops:key", "/payments/db-password"))))
          .isInstanceOf(InvalidCiphertextException.class);
    }
  }

  @Test
  void the_kms_endpoint_encrypts_for_the_sdk_with_the_encryption_context() {
    try (KmsClient kms = kmsClient()) {
      SdkBytes blob =
          kms.encrypt(
                  b ->
                      b.keyId("alias/noops-config")
                          .plaintext(SdkBytes.fromUtf8String("s3cret"))
                          .encryptionContext(Map.of("noops:key", "/a")))
              .ciphertextBlob();

      assertThat(
              new String(
                  api.keyRing.decrypt(Map.of("noops:key", "/a"), blob.asByteArray()),
                  StandardCharsets.UTF_8))
          .isEqualTo("s3cret");
      assertThat(
              kms.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(Map.of("noops:key", "/a")))
                  .keyId())
          .isEqualTo(LocalKeyRing.KEY_ID);
    }
  }

  @Test
  void the_kms_endpoint_refuses_a_caller_without_the_api_key() throws Exception {
    api.put("/orders/db-password", "{\"value\": \"hunter2\", \"encrypt\": true}");
    String ciphertext =
        TestJson.JSON.readTree(api.get("/config/orders/db-password").body()).get("value").asText();

    try (KmsClient stranger = kmsClient("local")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  stranger.decrypt(
                      b ->
                          b.ciphertextBlob(
                                  SdkBytes.fromByteArray(Base64.getDecoder().decode(ciphertext)))
                              .encryptionContext(Map.of("noops:key", "/orders/db-password"))))
          .isInstanceOfSatisfying(
              software.amazon.awssdk.services.kms.model.KmsException.class,
              e ->
                  assertThat(e.awsErrorDetails().errorCode())
                      .isEqualTo("UnrecognizedClientException"))
          .hasMessageContaining("API key")
          .hasMessageNotContaining("hunter2");
    }
  }

  private KmsClient kmsClient() {
    return kmsClient(LocalApi.API_KEY);
  }

  private KmsClient kmsClient(String accessKeyId) {
    return KmsClient.builder()
        .endpointOverride(api.server.kmsUrl())
        .region(Region.EU_WEST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, "any")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }
}
