package dev.noops.configlocal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

class KeyRingPropertiesTest {
  @Property(tries = 200)
  void a_key_ring_never_decrypts_under_another_key(
      @ForAll @StringLength(min = 1, max = 40) String a,
      @ForAll @StringLength(min = 1, max = 40) String b) {
    LocalKeyRing ring = LocalKeyRing.ephemeral();
    byte[] blob = ring.encrypt(Map.of("noops:key", a), "v".getBytes(StandardCharsets.UTF_8));
    if (!a.equals(b)) {
      assertThatThrownBy(() -> ring.decrypt(Map.of("noops:key", b), blob))
          .isInstanceOf(LocalKeyRing.InvalidCiphertextException.class);
    }
  }
}
