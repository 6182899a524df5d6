package dev.noops.configapi;

import static dev.noops.configapi.ConfigException.Reason.CONFLICT;
import static dev.noops.configapi.ConfigException.Reason.INVALID_VALUE;
import static dev.noops.configapi.ConfigException.Reason.NOT_FOUND;
import static dev.noops.configapi.ConfigException.Reason.PRECONDITION_FAILED;
import static dev.noops.configapi.ConfigException.Reason.TOO_LARGE;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongFunction;

/**
 * The config service: reads, compare-and-set writes, deletes, listings and history over a {@link
 * ConfigStore}.
 */
final class ConfigService {
  /** The largest value, in UTF-8 bytes. */
  static final int MAX_VALUE_BYTES = 256 * 1024;

  /** KMS Encrypt takes at most 4096 bytes of plaintext. */
  static final int MAX_ENCRYPT_BYTES = 4096;

  private static final int WRITE_ATTEMPTS = 25;

  private final ConfigStore store;
  private final Encryptor encryptor;
  private final Clock clock;

  ConfigService(ConfigStore store, Encryptor encryptor, Clock clock) {
    this.store = Objects.requireNonNull(store, "store == null");
    this.encryptor = Objects.requireNonNull(encryptor, "encryptor == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  ConfigEntry get(ConfigKey key) {
    return store
        .current(key.path())
        .filter(entry -> !entry.deleted())
        .orElseThrow(() -> notFound(key));
  }

  ConfigEntry get(ConfigKey key, long version) {
    ConfigEntry entry =
        store
            .version(key.path(), version)
            .orElseThrow(
                () ->
                    new ConfigException(
                        NOT_FOUND, "version " + version + " of " + key.path() + " does not exist"));
    if (entry.deleted()) {
      throw new ConfigException(
          NOT_FOUND, "version " + version + " of " + key.path() + " is its deletion");
    }
    return entry;
  }

  Written put(ConfigKey key, PutRequest request, Precondition precondition, String who) {
    if (request.rollbackTo() != null) {
      return rollback(key, request.rollbackTo(), precondition, who);
    }
    String stored = storedValue(key, request);
    boolean encrypted = request.encrypted() || request.encrypt();
    return write(
        key,
        precondition,
        version ->
            ConfigEntry.written(key.path(), stored, encrypted, version, clock.instant(), who));
  }

  /**
   * Writes version {@code target}'s stored value (ciphertext as it is: nothing is decrypted) as a
   * new version. Compare-and-set: on the version named by If-Match, else on the version current
   * when the rollback was asked, so a write that lands meanwhile fails the rollback (412) instead
   * of being silently rolled back too.
   */
  private Written rollback(ConfigKey key, long target, Precondition precondition, String who) {
    ConfigEntry restored = get(key, target);
    Precondition required = precondition;
    if (precondition instanceof Precondition.None) {
      ConfigEntry current = store.current(key.path()).orElse(null);
      required =
          current == null || current.deleted()
              ? new Precondition.Absent()
              : new Precondition.VersionIs(current.version());
    }
    return write(
        key, required, version -> ConfigEntry.rollback(restored, version, clock.instant(), who));
  }

  ConfigEntry delete(ConfigKey key, Precondition precondition, String who) {
    Precondition required =
        precondition instanceof Precondition.None ? new Precondition.Exists() : precondition;
    try {
      return write(
              key,
              required,
              version -> ConfigEntry.deletion(key.path(), version, clock.instant(), who))
          .entry();
    } catch (ConfigException e) {
      // without If-Match, deleting what is not there is a 404, not a failed precondition
      if (precondition instanceof Precondition.None && e.reason() == PRECONDITION_FAILED) {
        throw notFound(key);
      }
      throw e;
    }
  }

  Page<ConfigEntry> list(String prefix, int limit, String nextToken) {
    String after = nextToken == null ? null : PageToken.key(nextToken);
    if (after != null && !after.startsWith(prefix)) {
      throw new ConfigException(
          ConfigException.Reason.INVALID_QUERY, "nextToken belongs to another prefix");
    }
    return store.list(prefix, limit, after);
  }

  Page<ConfigEntry> history(ConfigKey key, int limit, String nextToken) {
    Long before = nextToken == null ? null : PageToken.version(nextToken);
    Page<ConfigEntry> page = store.history(key.path(), limit, before);
    if (page.items().isEmpty() && before == null) {
      throw new ConfigException(NOT_FOUND, key.path() + " has no history");
    }
    return page;
  }

  BatchResult batch(List<ConfigKey> keys) {
    List<String> paths = keys.stream().map(ConfigKey::path).distinct().toList();
    Map<String, ConfigEntry> found = store.batch(paths);
    List<ConfigEntry> items = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String path : paths) {
      ConfigEntry entry = found.get(path);
      if (entry == null) {
        missing.add(path);
      } else {
        items.add(entry);
      }
    }
    return new BatchResult(items, missing);
  }

  // read, check, write conditionally on what was read; a lost race re-reads and re-checks
  private Written write(ConfigKey key, Precondition precondition, LongFunction<ConfigEntry> next) {
    for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      if (attempt > 0) {
        RetryPause.before(attempt);
      }
      ConfigEntry current = store.current(key.path()).orElse(null);
      if (!precondition.holdsFor(current)) {
        throw new ConfigException(
            PRECONDITION_FAILED, describeMismatch(key, precondition, current));
      }
      ConfigEntry entry = next.apply(current == null ? 1 : current.version() + 1);
      if (store.commit(current, entry)) {
        return new Written(entry, current == null || current.deleted());
      }
    }
    throw new ConfigException(CONFLICT, "too many concurrent writes to " + key.path() + "; retry");
  }

  private String storedValue(ConfigKey key, PutRequest request) {
    if (!StandardCharsets.UTF_8.newEncoder().canEncode(request.value())) {
      throw new ConfigException(
          INVALID_VALUE, "the value is not valid Unicode (an unpaired surrogate)");
    }
    byte[] bytes = request.value().getBytes(StandardCharsets.UTF_8);
    if (bytes.length > MAX_VALUE_BYTES) {
      throw new ConfigException(
          TOO_LARGE, "the value is " + bytes.length + " bytes; the limit is " + MAX_VALUE_BYTES);
    }
    if (request.encrypted()) {
      if (request.value().isEmpty() || !isBase64(request.value())) {
        throw new ConfigException(
            INVALID_VALUE, "an encrypted value must be base64 KMS ciphertext");
      }
      return request.value();
    }
    if (request.encrypt()) {
      if (bytes.length > MAX_ENCRYPT_BYTES) {
        throw new ConfigException(
            TOO_LARGE,
            "a secret to encrypt is "
                + bytes.length
                + " bytes; KMS encrypts at most "
                + MAX_ENCRYPT_BYTES);
      }
      return Base64.getEncoder()
          .encodeToString(encryptor.encrypt(Map.of(Encryptor.CONTEXT_KEY, key.path()), bytes));
    }
    return request.value();
  }

  private static boolean isBase64(String value) {
    try {
      Base64.getDecoder().decode(value);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String describeMismatch(
      ConfigKey key, Precondition precondition, ConfigEntry current) {
    String now =
        current == null || current.deleted()
            ? "does not exist"
            : "is at version " + current.version();
    return switch (precondition) {
      case Precondition.VersionIs v ->
          "If-Match asked for version " + v.version() + " but " + key.path() + " " + now;
      case Precondition.Absent a -> "If-None-Match: * but " + key.path() + " " + now;
      default -> key.path() + " " + now;
    };
  }

  private static ConfigException notFound(ConfigKey key) {
    return new ConfigException(NOT_FOUND, key.path() + " does not exist");
  }
}
