package dev.noops.configapi;

/** What a write requires of the key's current version (from If-Match / If-None-Match). */
sealed interface Precondition {
  /** No condition: last writer wins, but never over a version it did not see. */
  record None() implements Precondition {}

  /** If-Match: "N" — the current version must be N. */
  record VersionIs(long version) implements Precondition {}

  /** If-Match: * — the key must exist. */
  record Exists() implements Precondition {}

  /** If-None-Match: * — the key must not exist (or be deleted). */
  record Absent() implements Precondition {}

  /**
   * Whether a key whose current entry is {@code current} (null when it never existed) meets this
   * condition.
   */
  default boolean holdsFor(ConfigEntry current) {
    boolean live = current != null && !current.deleted();
    return switch (this) {
      case None none -> true;
      case VersionIs v -> live && current.version() == v.version();
      case Exists e -> live;
      case Absent a -> !live;
    };
  }
}
