package dev.noops.correlation;

/**
 * The W3C Trace Context headers as this library passes them on: it does not trace, so it forwards
 * what it received unchanged (the spec lets a participant that adds no span do so), and only what
 * is well-formed, so a malformed header is not spread further.
 */
final class TraceContext {
  /** {@code version-traceid-parentid-flags}: 2 + 1 + 32 + 1 + 16 + 1 + 2. */
  private static final int TRACEPARENT_LENGTH = 55;

  /** The spec's limit on list members of {@code tracestate}. */
  static final int MAX_TRACESTATE_MEMBERS = 32;

  /**
   * The length a participant must at least propagate; longer states are cut at a member boundary.
   */
  static final int MAX_TRACESTATE_CHARS = 512;

  private TraceContext() {}

  /**
   * {@code raw} stripped when it is a well-formed version-00 (or later, same prefix) traceparent,
   * else null.
   */
  static String traceparent(String raw) {
    if (raw == null) {
      return null;
    }
    String value = raw.strip();
    // a future version may append fields after a dash; its first 55 characters keep the 00 layout
    if (value.length() < TRACEPARENT_LENGTH
        || (value.length() > TRACEPARENT_LENGTH && value.charAt(TRACEPARENT_LENGTH) != '-')) {
      return null;
    }
    String version = value.substring(0, 2);
    if (!isLowerHex(version)
        || version.equals("ff")
        || (version.equals("00") && value.length() != TRACEPARENT_LENGTH)) {
      return null;
    }
    if (value.charAt(2) != '-' || value.charAt(35) != '-' || value.charAt(52) != '-') {
      return null;
    }
    String traceId = value.substring(3, 35);
    String parentId = value.substring(36, 52);
    String flags = value.substring(53, 55);
    if (!isLowerHex(traceId)
        || !isLowerHex(parentId)
        || !isLowerHex(flags)
        || isZero(traceId)
        || isZero(parentId)) {
      return null;
    }
    return value;
  }

  /**
   * The members of {@code raw} that look like {@code key=value}, at most 32 and 512 characters;
   * null when none.
   */
  static String tracestate(String raw) {
    if (raw == null) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    int members = 0;
    for (String part : raw.split(",", MAX_TRACESTATE_MEMBERS * 2 + 1)) {
      String member = part.strip();
      int equals = member.indexOf('=');
      if (equals <= 0 || equals == member.length() - 1 || !isPrintable(member)) {
        continue;
      }
      if (members == MAX_TRACESTATE_MEMBERS
          || out.length() + member.length() + 1 > MAX_TRACESTATE_CHARS) {
        break;
      }
      if (out.length() > 0) {
        out.append(',');
      }
      out.append(member);
      members++;
    }
    return out.length() == 0 ? null : out.toString();
  }

  private static boolean isLowerHex(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isZero(String hex) {
    return hex.chars().allMatch(c -> c == '0');
  }

  private static boolean isPrintable(String text) {
    return text.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ',');
  }
}
