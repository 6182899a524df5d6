package dev.noops.config;

import java.time.Duration;

/**
 * Turns a stored ciphertext into plaintext. The one implementation, {@link KmsSecretDecryptor}, is
 * the only class that references the AWS SDK; nothing else names it, so the SDK is loaded when the
 * first secret is read and a client that never reads one runs without it on the classpath.
 */
interface SecretDecryptor extends AutoCloseable {
  /**
   * The encryption context entry every noops ciphertext is bound to: {@code {"noops:key": key}}.
   */
  String CONTEXT_KEY = "noops:key";

  /** Decrypts {@code ciphertextBase64} stored under {@code key}, within {@code timeout}. */
  String decrypt(String key, String ciphertextBase64, Duration timeout);

  @Override
  void close();
}
