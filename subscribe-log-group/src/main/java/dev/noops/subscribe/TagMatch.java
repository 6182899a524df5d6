package dev.noops.subscribe;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One tag condition of the selection: a key, and optionally the value it must have.
 *
 * @param key the tag key
 * @param value the required value, or null for any value
 */
public record TagMatch(String key, String value) {
  /** Checks the key is present. */
  public TagMatch {
    Objects.requireNonNull(key, "key == null");
  }

  /** Parses {@code key} or {@code key=value}. */
  public static TagMatch parse(String text, String what) {
    if (text == null || text.isBlank() || text.strip().startsWith("=")) {
      throw new SubscribeException(what + " must be key or key=value: " + text);
    }
    int eq = text.indexOf('=');
    return eq < 0
        ? new TagMatch(text.strip(), null)
        : new TagMatch(text.substring(0, eq).strip(), text.substring(eq + 1).strip());
  }

  static List<TagMatch> parseAll(List<String> texts, String what) {
    return texts.stream().map(t -> parse(t, what)).toList();
  }

  /** Whether a group with these tags satisfies this condition. */
  public boolean matches(Map<String, String> tags) {
    String actual = tags.get(key);
    return actual != null && (value == null || value.equals(actual));
  }

  @Override
  public String toString() {
    return value == null ? key : key + "=" + value;
  }
}
