package dev.noops.configlocal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A LOCAL-ONLY stand-in for KMS, for {@code noops local}: one AES-256-GCM key kept in a file,
 * encrypting with the same encryption-context binding KMS applies (the context is the GCM
 * additional authenticated data), so a ciphertext made for {@code /a} does not decrypt as {@code
 * /b}. It is not KMS: the key sits on disk in the clear. Never put a real secret in it.
 */
public final class LocalKeyRing {
  /** The key id the local KMS endpoint reports. */
  public static final String KEY_ID = "arn:aws:kms:local:000000000000:key/noops-local-stand-in";

  private static final byte[] MAGIC = "NLK1".getBytes(StandardCharsets.US_ASCII);
  private static final int FINGERPRINT = 8;
  private static final int NONCE = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKey key;
  private final byte[] fingerprint;

  private LocalKeyRing(byte[] raw) {
    this.key = new SecretKeySpec(raw, "AES");
    this.fingerprint = Arrays.copyOf(sha256(raw), FINGERPRINT);
  }

  /** A key ring with a fresh key that lives only in this process ({@code --in-memory}). */
  public static LocalKeyRing ephemeral() {
    return new LocalKeyRing(randomKey());
  }

  /**
   * The key ring in {@code file}, creating the file (owner read/write only) with a fresh key if
   * absent.
   */
  public static LocalKeyRing loadOrCreate(Path file) {
    Objects.requireNonNull(file, "file == null");
    if (!Files.exists(file)) {
      create(file);
    }
    return load(file);
  }

  /** The key ring in {@code file}, which must exist and hold a 256-bit key. */
  static LocalKeyRing load(Path file) {
    try {
      String encoded =
          Files.readAllLines(file).stream()
              .filter(line -> !line.startsWith("#") && !line.isBlank())
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("no key in " + file));
      byte[] raw = Base64.getDecoder().decode(encoded.trim());
      if (raw.length != 32) {
        throw new IllegalStateException("the key in " + file + " is not 256 bits");
      }
      return new LocalKeyRing(raw);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the local key " + file, e);
    }
  }

  /** Writes a fresh key to {@code file} (owner read/write only), which must not exist. */
  static void create(Path file) {
    try {
      Path folder = file.toAbsolutePath().getParent();
      Files.createDirectories(folder);
      Path temp =
          Files.createTempFile(
              folder,
              "kms-",
              ".part",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(
          temp,
          "# noops local: AES-256-GCM key standing in for KMS. LOCAL ONLY, not a real KMS key.\n"
              + Base64.getEncoder().encodeToString(randomKey())
              + "\n");
      Files.move(temp, file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the local key " + file, e);
    }
  }

  /** Encrypts {@code plaintext} bound to {@code context}; the blob names this ring's key. */
  public byte[] encrypt(Map<String, String> context, byte[] plaintext) {
    byte[] nonce = new byte[NONCE];
    RANDOM.nextBytes(nonce);
    byte[] sealed = cipher(Cipher.ENCRYPT_MODE, nonce, context, plaintext);
    return ByteBuffer.allocate(MAGIC.length + FINGERPRINT + NONCE + sealed.length)
        .put(MAGIC)
        .put(fingerprint)
        .put(nonce)
        .put(sealed)
        .array();
  }

  /**
   * Decrypts a blob made by {@link #encrypt} with the same context, or fails with {@link
   * InvalidCiphertextException}.
   */
  public byte[] decrypt(Map<String, String> context, byte[] blob) {
    int header = MAGIC.length + FINGERPRINT + NONCE;
    if (blob.length < header + TAG_BITS / 8
        || !Arrays.equals(MAGIC, Arrays.copyOf(blob, MAGIC.length))) {
      throw new InvalidCiphertextException("not a ciphertext of the local key ring");
    }
    if (!Arrays.equals(
        fingerprint, Arrays.copyOfRange(blob, MAGIC.length, MAGIC.length + FINGERPRINT))) {
      throw new InvalidCiphertextException("the ciphertext was made with another local key");
    }
    byte[] nonce = Arrays.copyOfRange(blob, MAGIC.length + FINGERPRINT, header);
    return cipher(
        Cipher.DECRYPT_MODE, nonce, context, Arrays.copyOfRange(blob, header, blob.length));
  }

  private byte[] cipher(int mode, byte[] nonce, Map<String, String> context, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(aad(context));
      return cipher.doFinal(input);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new InvalidCiphertextException(
          "the ciphertext does not decrypt with this encryption context");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable", e);
    }
  }

  // KMS binds the context as a set of pairs: order does not matter, every pair does
  private static byte[] aad(Map<String, String> context) {
    StringBuilder aad = new StringBuilder("noops-local-kms-v1");
    new TreeMap<>(context == null ? Map.of() : context)
        .forEach(
            (name, value) ->
                aad.append('\n')
                    .append(name.length())
                    .append(':')
                    .append(name)
                    .append(value.length())
                    .append(':')
                    .append(value));
    return aad.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] randomKey() {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    return raw;
  }

  private static byte[] sha256(byte[] raw) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(raw);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /**
   * The ciphertext is not one this key ring made, or not for this encryption context (KMS's
   * InvalidCiphertextException).
   */
  public static final class InvalidCiphertextException extends RuntimeException {
    InvalidCiphertextException(String message) {
      super(message, null, false, false);
    }
  }
}
