package dev.noops.configapi;

import java.util.Map;

/**
 * Seals a secret the way KMS {@code Encrypt} does: the plaintext bound to an encryption context,
 * returned as a ciphertext blob. The API binds each secret to its key with the context {@code
 * {"noops:key": key}}. In Lambda this is KMS; {@code noops local} passes its local stand-in to
 * {@link ConfigApiHandler#create}.
 */
@FunctionalInterface
public interface Encryptor {
  /** The encryption-context entry that binds a ciphertext to its config key. */
  String CONTEXT_KEY = "noops:key";

  /** The ciphertext blob of {@code plaintext} bound to {@code encryptionContext}. */
  byte[] encrypt(Map<String, String> encryptionContext, byte[] plaintext);
}
