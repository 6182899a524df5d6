package dev.noops.configapi;

import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/** Encrypts with KMS {@code Encrypt} under the stack's key, with the key name as encryption context. */
final class KmsEncryptor implements Encryptor {
  private final KmsClient kms;
  private final String keyId;

  KmsEncryptor(KmsClient kms, String keyId) {
    this.kms = Objects.requireNonNull(kms, "kms == null");
    this.keyId = Objects.requireNonNull(keyId, "keyId == null");
  }

  @Override
  public byte[] encrypt(Map<String, String> encryptionContext, byte[] plaintext) {
    try {
      return kms.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromByteArray(plaintext))
          .encryptionContext(encryptionContext)).ciphertextBlob().asByteArray();
    } catch (KmsException e) {
      String code = e.awsErrorDetails() == null ? "unknown" : e.awsErrorDetails().errorCode();
      throw new ConfigException(ConfigException.Reason.UNAVAILABLE, "KMS Encrypt failed (" + code + "); nothing was stored", e);
    } catch (SdkException e) {
      throw new ConfigException(ConfigException.Reason.UNAVAILABLE, "KMS Encrypt could not be reached; nothing was stored", e);
    }
  }
}
