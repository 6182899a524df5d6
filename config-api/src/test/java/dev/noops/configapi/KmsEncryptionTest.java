package dev.noops.configapi;

import static dev.noops.configapi.RestEvents.body;
import static dev.noops.configapi.RestEvents.request;
import static dev.noops.testsupport.AwsWireMock.KMS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.noops.support.aws.AwsCredentials;
import dev.noops.support.aws.AwsEndpoints;
import dev.noops.support.aws.AwsJsonClient;
import dev.noops.testsupport.AwsWireMock;
import dev.noops.testsupport.AwsWireMock.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code "encrypt": true} through the handler with the KMS client the handler builds, KMS answered
 * on the wire (AWS JSON 1.1).
 */
class KmsEncryptionTest {
  private static final String KEY_ID =
      "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  private static final byte[] BLOB = "kms-ciphertext-blob".getBytes(StandardCharsets.UTF_8);
  private static Dynamo dynamo;
  private static AwsWireMock aws;
  private static AwsJsonClient kms;
  private String table;
  private ConfigApiHandler handler;

  @BeforeAll
  static void start() {
    dynamo = new Dynamo();
    aws = AwsWireMock.start();
    AwsCredentials credentials = new AwsCredentials("test", "test", null);
    kms =
        KmsEncryptor.client(
            new AwsEndpoints(
                Map.of(
                    "AWS_REGION", "eu-west-1", "AWS_ENDPOINT_URL_KMS", aws.endpoint().toString()),
                new Properties()),
            () -> credentials,
            ConfigApiHandler.CALL_TIMEOUT);
  }

  @AfterAll
  static void stop() {
    aws.close();
    dynamo.close();
  }

  @BeforeEach
  void reset() {
    aws.reset();
    table = dynamo.newTable();
    handler =
        new ConfigApiHandler(
            new ConfigApi(
                new ConfigService(
                    new ConfigStore(dynamo.api, table),
                    new KmsEncryptor(() -> kms, KEY_ID, ConfigApiHandler.CALL_TIMEOUT),
                    Clock.systemUTC())));
  }

  @Test
  void sends_encrypt_with_the_stack_key_and_the_key_as_encryption_context_and_stores_the_blob() {
    aws.stubJson(
        KMS + ".Encrypt",
        Reply.ok(
            Map.of("CiphertextBlob", Base64.getEncoder().encodeToString(BLOB), "KeyId", KEY_ID)));

    JsonNode put =
        put("/orders/db-password", "{\"value\": \"hunter2\", \"encrypt\": true}").invoke(handler);

    assertThat(put.get("statusCode").asInt()).isEqualTo(201);
    JsonNode sent = aws.jsonRequests(KMS + ".Encrypt").get(0);
    assertThat(sent.get("KeyId").asText()).isEqualTo(KEY_ID);
    assertThat(sent.get("EncryptionContext")).hasSize(1);
    assertThat(sent.at("/EncryptionContext/noops:key").asText()).isEqualTo("/orders/db-password");
    assertThat(
            new String(
                Base64.getDecoder().decode(sent.get("Plaintext").asText()), StandardCharsets.UTF_8))
        .isEqualTo("hunter2");
    JsonNode item = body(request("GET", "/config/orders/db-password").invoke(handler));
    assertThat(item.get("value").asText()).isEqualTo(Base64.getEncoder().encodeToString(BLOB));
    assertThat(item.get("encrypted").asBoolean()).isTrue();
    assertThat(dynamo.client.scan(b -> b.tableName(table)).items().toString())
        .doesNotContain("hunter2");
  }

  @Test
  void a_throttled_encrypt_is_retried_by_the_sdk_and_stored_once() {
    aws.stubJson(
        KMS + ".Encrypt",
        Reply.error(400, "ThrottlingException", "Rate exceeded"),
        Reply.ok(
            Map.of("CiphertextBlob", Base64.getEncoder().encodeToString(BLOB), "KeyId", KEY_ID)));

    JsonNode put = put("/s", "{\"value\": \"hunter2\", \"encrypt\": true}").invoke(handler);

    assertThat(put.get("statusCode").asInt()).isEqualTo(201);
    assertThat(aws.jsonRequests(KMS + ".Encrypt")).hasSize(2);
    assertThat(dynamo.itemCount(table)).as("one current item, one version").isEqualTo(2);
  }

  @Test
  void a_kms_refusal_answers_503_and_stores_nothing() {
    aws.stubJson(KMS + ".Encrypt", Reply.error(400, "DisabledException", "arn is disabled."));

    JsonNode put = put("/s", "{\"value\": \"hunter2\", \"encrypt\": true}").invoke(handler);

    assertThat(put.get("statusCode").asInt()).isEqualTo(503);
    assertThat(body(put).get("message").asText())
        .contains("DisabledException")
        .doesNotContain("hunter2");
    assertThat(dynamo.itemCount(table)).isZero();
  }

  @Test
  void kms_5xx_and_resets_answer_503_and_store_nothing() {
    aws.stubJson(
        KMS + ".Encrypt",
        Reply.error(500, "KMSInternalException", "internal"),
        Reply.connectionReset());

    JsonNode put = put("/s", "{\"value\": \"hunter2\", \"encrypt\": true}").invoke(handler);

    assertThat(put.get("statusCode").asInt()).isEqualTo(503);
    assertThat(dynamo.itemCount(table)).isZero();
  }

  @Test
  void an_encrypt_answer_without_a_ciphertext_answers_503_and_stores_nothing() {
    aws.stubJson(KMS + ".Encrypt", Reply.ok(Map.of("KeyId", KEY_ID)));

    JsonNode put = put("/s", "{\"value\": \"hunter2\", \"encrypt\": true}").invoke(handler);

    assertThat(put.get("statusCode").asInt()).isEqualTo(503);
    assertThat(body(put).get("message").asText()).doesNotContain("hunter2");
    assertThat(dynamo.itemCount(table)).isZero();
  }

  @Test
  void values_given_as_ciphertext_or_plain_never_reach_kms() {
    aws.stubJson(KMS + ".Encrypt", Reply.ok(Map.of("CiphertextBlob", "AA==")));

    put("/plain", "{\"value\": \"v\"}").invoke(handler);
    put("/cipher", "{\"value\": \"YmxvYg==\", \"encrypted\": true}").invoke(handler);
    request("GET", "/config/cipher").invoke(handler);

    assertThat(aws.jsonRequests(KMS + ".Encrypt")).isEmpty();
    assertThat(aws.jsonRequests(KMS + ".Decrypt"))
        .as("the API never decrypts")
        .isEqualTo(List.of());
  }

  private static RestEvents put(String key, String json) {
    return request("PUT", "/config" + key).json(json);
  }
}
