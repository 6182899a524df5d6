package dev.noops.configapi;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Converts entries to and from DynamoDB items. Attribute names are short because every read pays
 * for them.
 */
final class Items {
  static final String PK = "pk";
  static final String SK = "sk";
  static final String LIVE = "live";
  static final String LIVE_VALUE = "1";
  static final long CURRENT = 0;
  private static final String VERSION = "ver";
  private static final String VALUE = "val";
  private static final String ENCRYPTED = "enc";
  private static final String DELETED = "del";
  private static final String AT = "at";
  private static final String BY = "by";
  private static final String ROLLBACK_OF = "rbk";

  private Items() {}

  static Map<String, Attr> key(String key, long sk) {
    return Map.of(PK, Attr.s(key), SK, Attr.n(sk));
  }

  /** The item at sort key {@code sk} (CURRENT or the version) for {@code entry}. */
  static Map<String, Attr> toItem(ConfigEntry entry, long sk) {
    Map<String, Attr> item = new HashMap<>(key(entry.key(), sk));
    item.put(VERSION, Attr.n(entry.version()));
    item.put(AT, Attr.s(entry.updatedAt().toString()));
    item.put(BY, Attr.s(entry.updatedBy()));
    if (entry.rollbackOf() != null) {
      item.put(ROLLBACK_OF, Attr.n(entry.rollbackOf()));
    }
    if (entry.deleted()) {
      item.put(DELETED, Attr.bool(true));
    } else {
      item.put(VALUE, Attr.s(entry.value()));
      item.put(ENCRYPTED, Attr.bool(entry.encrypted()));
      if (sk == CURRENT) {
        item.put(LIVE, Attr.s(LIVE_VALUE));
      }
    }
    return item;
  }

  static ConfigEntry fromItem(Map<String, Attr> item) {
    boolean deleted = bool(item.get(DELETED));
    return new ConfigEntry(
        item.get(PK).s(),
        deleted ? null : item.get(VALUE).s(),
        bool(item.get(ENCRYPTED)),
        Long.parseLong(item.get(VERSION).n()),
        Instant.parse(item.get(AT).s()),
        item.get(BY).s(),
        deleted,
        item.containsKey(ROLLBACK_OF) ? Long.valueOf(item.get(ROLLBACK_OF).n()) : null);
  }

  static String versionAttribute() {
    return VERSION;
  }

  private static boolean bool(Attr value) {
    return value != null && value.isTrue();
  }
}
