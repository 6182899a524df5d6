package dev.noops.config;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Plaintexts of encrypted values, decrypted once per key and version and kept in memory only. The
 * decryptor is made on first use, which is what keeps the AWS SDK unloaded until then.
 */
final class Secrets implements AutoCloseable {
  private final Supplier<SecretDecryptor> factory;
  private final ConcurrentHashMap<String, Plaintext> plaintexts = new ConcurrentHashMap<>();
  private final SingleFlight<String> flights = new SingleFlight<>();
  private volatile SecretDecryptor decryptor;

  Secrets(Supplier<SecretDecryptor> factory) {
    this.factory = factory;
  }

  String reveal(ConfigValue value, long deadlineNanos) {
    Plaintext known = plaintexts.get(value.key());
    if (known != null && known.source().equals(value)) {
      return known.text();
    }
    return flights.run(value.key(), deadlineNanos, () -> decrypt(value, deadlineNanos));
  }

  private String decrypt(ConfigValue value, long deadlineNanos) {
    Plaintext known = plaintexts.get(value.key());
    if (known != null && known.source().equals(value)) {
      return known.text();
    }
    long left = deadlineNanos - System.nanoTime();
    if (left <= 0) {
      throw new ConfigUnavailableException("no time left in the budget to decrypt " + value.key());
    }
    String text = decryptor().decrypt(value.key(), value.value(), Duration.ofNanos(left));
    plaintexts.put(value.key(), new Plaintext(value, text));
    return text;
  }

  private SecretDecryptor decryptor() {
    SecretDecryptor current = decryptor;
    if (current == null) {
      synchronized (this) {
        current = decryptor;
        if (current == null) {
          current = create();
          decryptor = current;
        }
      }
    }
    return current;
  }

  private SecretDecryptor create() {
    try {
      return factory.get();
    } catch (LinkageError e) {
      throw new ConfigException(
          "getSecret needs software.amazon.awssdk:kms and "
              + "software.amazon.awssdk:url-connection-client on the classpath",
          e);
    }
  }

  /** Drops the plaintext of {@code key}: its value changed or was deleted. */
  void forget(String key) {
    plaintexts.remove(key);
  }

  boolean decryptorLoaded() {
    return decryptor != null;
  }

  @Override
  public void close() {
    plaintexts.clear();
    SecretDecryptor current = decryptor;
    if (current != null) {
      current.close();
    }
  }

  private record Plaintext(ConfigValue source, String text) {
    @Override
    public String toString() {
      return "Plaintext[" + source + "]";
    }
  }
}
