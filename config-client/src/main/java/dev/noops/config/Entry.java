package dev.noops.config;

/**
 * What the cache holds for one key: the value (null when the API said the key is absent), the ETag
 * to revalidate it with, when the API last vouched for it and when the next read must refresh it.
 * Times are wall-clock epoch milliseconds, so that a SnapStart restore (which resumes the
 * snapshot's monotonic clock) still sees entries as old as they really are.
 */
record Entry(ConfigValue value, String etag, long validatedAt, long refreshAt) {

  static Entry present(ConfigValue value, String etag, long now, long refreshAt) {
    return new Entry(value, etag != null ? etag : quoted(value.version()), now, refreshAt);
  }

  static Entry absent(long now, long refreshAt) {
    return new Entry(null, null, now, refreshAt);
  }

  static String quoted(long version) {
    return "\"" + version + "\"";
  }

  boolean isPresent() {
    return value != null;
  }

  /** The API answered 304: same value, vouched for again now. */
  Entry revalidated(long now, long nextRefresh) {
    return new Entry(value, etag, now, nextRefresh);
  }

  /** Same value and age, next refresh attempt moved (after a failure, or to force one). */
  Entry refreshAt(long at) {
    return new Entry(value, etag, validatedAt, at);
  }
}
