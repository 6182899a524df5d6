package dev.noops.configlocal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKeyRingTest {
  private static final byte[] SECRET = "hunter2".getBytes(StandardCharsets.UTF_8);
  private final LocalKeyRing ring = LocalKeyRing.ephemeral();

  @Test
  void round_trips_with_the_same_encryption_context() {
    byte[] blob = ring.encrypt(context("/orders/db"), SECRET);

    assertThat(ring.decrypt(context("/orders/db"), blob)).isEqualTo(SECRET);
    assertThat(new String(blob, StandardCharsets.ISO_8859_1)).doesNotContain("hunter2");
  }

  @Test
  void rejects_a_ciphertext_moved_to_another_key() {
    byte[] blob = ring.encrypt(context("/orders/db"), SECRET);

    assertThatThrownBy(() -> ring.decrypt(context("/payments/db"), blob))
        .isInstanceOf(LocalKeyRing.InvalidCiphertextException.class);
    assertThatThrownBy(() -> ring.decrypt(Map.of(), blob))
        .isInstanceOf(LocalKeyRing.InvalidCiphertextException.class);
    assertThatThrownBy(() -> ring.decrypt(Map.of("noops:key", "/orders/db", "extra", "x"), blob))
        .isInstanceOf(LocalKeyRing.InvalidCiphertextException.class);
  }

  @Test
  void the_api_context_binds_the_config_key() {
    byte[] blob =
        ring.encrypt(Map.of(dev.noops.configapi.Encryptor.CONTEXT_KEY, "/orders/db"), SECRET);

    assertThat(ring.decrypt(context("/orders/db"), blob)).isEqualTo(SECRET);
    assertThatThrownBy(() -> ring.decrypt(context("/orders/db2"), blob))
        .isInstanceOf(LocalKeyRing.InvalidCiphertextException.class);
  }

  @Test
  void rejects_tampered_truncated_and_foreign_ciphertext() {
    byte[] blob = ring.encrypt(context("/a"), SECRET);
    byte[] tampered = blob.clone();
    tampered[tampered.length - 1] ^= 1;

    assertThatThrownBy(() -> ring.decrypt(context("/a"), tampered))
        .isInstanceOf(LocalKeyRing.InvalidCiphertextException.class);
    assertThatThrownBy(() -> ring.decrypt(context("/a"), new byte[] {1, 2, 3}))
        .isInstanceOf(LocalKeyRing.InvalidCiphertextException.class);
    assertThatThrownBy(() -> LocalKeyRing.ephemeral().decrypt(context("/a"), blob))
        .isInstanceOf(LocalKeyRing.InvalidCiphertextException.class)
        .hasMessageContaining("another local key");
  }

  @Test
  void each_encryption_uses_a_fresh_nonce() {
    assertThat(ring.encrypt(context("/a"), SECRET))
        .isNotEqualTo(ring.encrypt(context("/a"), SECRET));
  }

  @Test
  void keeps_its_key_in_an_owner_only_file_across_restarts(@TempDir Path dir) throws Exception {
    Path file = dir.resolve(".noops/local-kms.key");
    byte[] blob = LocalKeyRing.loadOrCreate(file).encrypt(context("/a"), SECRET);

    assertThat(LocalKeyRing.loadOrCreate(file).decrypt(context("/a"), blob)).isEqualTo(SECRET);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(file)).contains("LOCAL ONLY");
  }

  private static Map<String, String> context(String key) {
    return Map.of("noops:key", key);
  }
}
