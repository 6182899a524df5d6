package dev.noops.configapi;

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * Encrypts with KMS {@code Encrypt} under the stack's key, with the key name as encryption context.
 */
final class KmsEncryptor implements Encryptor {
  private final Supplier<KmsClient> kms;
  private final String keyId;

  KmsEncryptor(KmsClient kms, String keyId) {
    this(constant(Objects.requireNonNull(kms, "kms == null")), keyId);
  }

  /**
   * An encryptor whose client {@code kms} supplies at the first secret write (most requests never
   * need KMS).
   */
  KmsEncryptor(Supplier<KmsClient> kms, String keyId) {
    this.kms = Objects.requireNonNull(kms, "kms == null");
    this.keyId = Objects.requireNonNull(keyId, "keyId == null");
  }

  private static Supplier<KmsClient> constant(KmsClient kms) {
    return () -> kms;
  }

  @Override
  public byte[] encrypt(Map<String, String> encryptionContext, byte[] plaintext) {
    try {
      return kms.get()
          .encrypt(
              b ->
                  b.keyId(keyId)
                      .plaintext(SdkBytes.fromByteArray(plaintext))
                      .encryptionContext(encryptionContext))
          .ciphertextBlob()
          .asByteArray();
    } catch (KmsException e) {
      String code = e.awsErrorDetails() == null ? "unknown" : e.awsErrorDetails().errorCode();
      throw new ConfigException(
          ConfigException.Reason.UNAVAILABLE,
          "KMS Encrypt failed (" + code + "); nothing was stored",
          e);
    } catch (SdkException e) {
      throw new ConfigException(
          ConfigException.Reason.UNAVAILABLE,
          "KMS Encrypt could not be reached; nothing was stored",
          e);
    }
  }
}
