package dev.noops.configapi;

/** Encrypts a secret bound to its key (encryption context {@code {"noops:key": key}}); returns the ciphertext blob. */
@FunctionalInterface
interface Encryptor {
  /** The encryption-context entry that binds a ciphertext to its config key. */
  String CONTEXT_KEY = "noops:key";

  byte[] encrypt(ConfigKey key, byte[] plaintext);
}
