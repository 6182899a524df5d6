package dev.noops.configapi;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * A test {@link Encryptor}: AES-GCM with the encryption context as associated data, so a test can
 * open what the API sealed.
 */
final class TestSealer implements Encryptor {
  private static final int NONCE = 12;
  private final SecretKey key;

  TestSealer() {
    try {
      KeyGenerator generator = KeyGenerator.getInstance("AES");
      generator.init(256);
      key = generator.generateKey();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public byte[] encrypt(Map<String, String> encryptionContext, byte[] plaintext) {
    byte[] nonce = new byte[NONCE];
    new SecureRandom().nextBytes(nonce);
    byte[] sealed = cipher(Cipher.ENCRYPT_MODE, nonce, encryptionContext, plaintext);
    return ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array();
  }

  byte[] decrypt(Map<String, String> encryptionContext, byte[] blob) {
    byte[] nonce = java.util.Arrays.copyOf(blob, NONCE);
    return cipher(
        Cipher.DECRYPT_MODE,
        nonce,
        encryptionContext,
        java.util.Arrays.copyOfRange(blob, NONCE, blob.length));
  }

  private byte[] cipher(int mode, byte[] nonce, Map<String, String> context, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, key, new GCMParameterSpec(128, nonce));
      cipher.updateAAD(new TreeMap<>(context).toString().getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot open the blob under this context", e);
    }
  }
}
