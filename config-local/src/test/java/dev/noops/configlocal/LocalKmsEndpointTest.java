package dev.noops.configlocal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed calls to the local KMS look-alike get the error KMS would give, as AWS JSON 1.1. */
class LocalKmsEndpointTest {
  private static Dynamo dynamo;
  private static LocalApi api;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    dynamo = new Dynamo();
    api = new LocalApi(dynamo);
  }

  @AfterAll
  static void stop() {
    api.close();
    dynamo.close();
  }

  static Stream<Arguments> calls() {
    String secret = Base64.getEncoder().encodeToString("s3cret".getBytes(UTF_8));
    return Stream.of(
        Arguments.of("TrentService.Encrypt", "{\"KeyId\": \"k\"", "SerializationException"),
        Arguments.of("TrentService.Encrypt", "[]", "SerializationException"),
        Arguments.of(
            "TrentService.Encrypt",
            "{\"KeyId\": \"k\", \"Plaintext\": \"%%%\"}",
            "ValidationException"),
        Arguments.of(
            "TrentService.Encrypt", "{\"KeyId\": \"k\", \"Plaintext\": 7}", "ValidationException"),
        Arguments.of(
            "TrentService.Encrypt",
            "{\"KeyId\": \"k\", \"Plaintext\": \""
                + Base64.getEncoder().encodeToString(new byte[4097])
                + "\"}",
            "ValidationException"),
        Arguments.of(
            "TrentService.Decrypt", "{\"CiphertextBlob\": \"not base64\"}", "ValidationException"),
        Arguments.of(
            "TrentService.Decrypt",
            "{\"CiphertextBlob\": \"" + secret + "\"}",
            "InvalidCiphertextException"),
        Arguments.of(
            "TrentService.GenerateDataKey", "{\"KeyId\": \"k\"}", "UnknownOperationException"),
        Arguments.of(null, "{}", "UnknownOperationException"),
        Arguments.of(
            "TrentService.Encrypt",
            "{\"Plaintext\": \"" + "A".repeat(70_000) + "\"}",
            "SerializationException"));
  }

  @ParameterizedTest
  @MethodSource("calls")
  void answers_400_with_the_kms_error_type(String target, String body, String errorType)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(api.server.kmsUrl())
            .header("Content-Type", "application/x-amz-json-1.1")
            .header("x-api-key", LocalApi.API_KEY)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (target != null) {
      request.header("X-Amz-Target", target);
    }

    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("application/x-amz-json-1.1");
    JsonNode error = TestJson.JSON.readTree(response.body());
    assertThat(error.get("__type").asText()).isEqualTo(errorType);
    assertThat(response.body()).doesNotContain("s3cret");
  }

  @org.junit.jupiter.api.Test
  void only_post_is_served() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(api.server.kmsUrl())
                .header("x-api-key", LocalApi.API_KEY)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(405);
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "",
        "x-api-key: wrong-key-0123456789",
        "Authorization: AWS4-HMAC-SHA256 Credential=local/20261202/eu-west-1/kms/aws4_request,"
            + " SignedHeaders=host, Signature=00",
        "Authorization: Bearer local-test-key-0123456789"
      })
  void refuses_a_caller_without_the_api_key(String header) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(api.server.kmsUrl())
            .header("X-Amz-Target", "TrentService.Encrypt")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"KeyId\": \"k\", \"Plaintext\": \"czNjcmV0\"}"));
    if (!header.isEmpty()) {
      request.header(
          header.substring(0, header.indexOf(':')), header.substring(header.indexOf(':') + 2));
    }

    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(TestJson.JSON.readTree(response.body()).get("__type").asText())
        .isEqualTo("UnrecognizedClientException");
    assertThat(response.body()).doesNotContain("CiphertextBlob");
  }
}
