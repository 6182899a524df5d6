package dev.noops.configapi;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.noops.support.Deadline;
import dev.noops.support.JsonObjects;
import dev.noops.support.aws.AwsCallException;
import dev.noops.support.aws.AwsCredentials;
import dev.noops.support.aws.AwsEndpoints;
import dev.noops.support.aws.AwsJsonClient;
import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Encrypts with KMS {@code Encrypt} under the stack's key, with the key name as encryption context,
 * on KMS's JSON protocol ({@code awsJson1_1}) through {@link AwsJsonClient}.
 */
final class KmsEncryptor implements Encryptor {
  private final Supplier<AwsJsonClient> kms;
  private final String keyId;
  private final Duration callTimeout;

  /**
   * An encryptor whose client {@code kms} supplies at the first secret write (most requests never
   * need KMS); each Encrypt may take {@code callTimeout}, retries included.
   */
  KmsEncryptor(Supplier<AwsJsonClient> kms, String keyId, Duration callTimeout) {
    this.kms = Objects.requireNonNull(kms, "kms == null");
    this.keyId = Objects.requireNonNull(keyId, "keyId == null");
    this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout == null");
  }

  /**
   * The client of KMS in the configured region, at {@code AWS_ENDPOINT_URL_KMS} or {@code
   * AWS_ENDPOINT_URL} when set; three attempts, each within {@code callTimeout}.
   */
  static AwsJsonClient client(
      AwsEndpoints endpoints, Supplier<AwsCredentials> credentials, Duration callTimeout) {
    return AwsJsonClient.forService("kms", "KMS", endpoints, credentials)
        .json("1.1", "TrentService")
        .maxAttempts(3)
        .attemptTimeout(callTimeout)
        .build();
  }

  @Override
  public byte[] encrypt(Map<String, String> encryptionContext, byte[] plaintext) {
    byte[] answer;
    try {
      answer = kms.get().call("Encrypt", request(encryptionContext, plaintext), deadline());
    } catch (AwsCallException e) {
      if (e.status() == 0) {
        throw new ConfigException(
            ConfigException.Reason.UNAVAILABLE,
            "KMS Encrypt could not be reached; nothing was stored",
            e);
      }
      String code = e.errorCode().isEmpty() ? "unknown" : e.errorCode();
      throw new ConfigException(
          ConfigException.Reason.UNAVAILABLE,
          "KMS Encrypt failed (" + code + "); nothing was stored",
          e);
    }
    return ciphertext(answer);
  }

  private Deadline deadline() {
    return Deadline.after(callTimeout);
  }

  private byte[] request(Map<String, String> encryptionContext, byte[] plaintext) {
    return JsonObjects.write(
        json -> {
          json.writeStringField("KeyId", keyId);
          json.writeStringField("Plaintext", Base64.getEncoder().encodeToString(plaintext));
          json.writeObjectFieldStart("EncryptionContext");
          for (Map.Entry<String, String> entry : encryptionContext.entrySet()) {
            json.writeStringField(entry.getKey(), entry.getValue());
          }
          json.writeEndObject();
        });
  }

  private static byte[] ciphertext(byte[] answer) {
    try (JsonParser parser = JsonObjects.object(answer)) {
      while (JsonObjects.nextField(parser)) {
        if ("CiphertextBlob".equals(parser.currentName())
            && parser.currentToken() == JsonToken.VALUE_STRING) {
          return Base64.getDecoder().decode(parser.getText());
        }
        parser.skipChildren();
      }
    } catch (IOException | IllegalArgumentException e) {
      throw unreadable(e);
    }
    throw unreadable(null);
  }

  private static ConfigException unreadable(Exception cause) {
    return new ConfigException(
        ConfigException.Reason.UNAVAILABLE,
        "KMS Encrypt answered without a ciphertext; nothing was stored",
        cause);
  }
}
