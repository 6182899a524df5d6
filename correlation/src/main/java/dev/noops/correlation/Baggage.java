package dev.noops.correlation;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The W3C {@code baggage} header: the one to send has the {@code x-correlation-*} IDs first (so
 * OpenTelemetry users see them as baggage), then the members the caller sent, within the W3C limits
 * of 8192 bytes and 180 members; from the one received, the {@code x-correlation-*} members are
 * read as IDs.
 */
final class Baggage {
  static final int MAX_BYTES = 8192;
  static final int MAX_MEMBERS = 180;

  private Baggage() {}

  static String forward(CorrelationIds ids) {
    StringBuilder out = new StringBuilder(128);
    Set<String> ours = new HashSet<>();
    int members = 0;
    for (Map.Entry<String, String> id : ids.asMap().entrySet()) {
      if (id.getKey().startsWith(CorrelationIds.PREFIX)
          && members < MAX_MEMBERS
          && append(out, id.getKey(), encode(id.getValue()))) {
        ours.add(id.getKey());
        members++;
      }
    }
    String incoming = ids.get(CorrelationIds.BAGGAGE);
    if (incoming != null) {
      for (String member : incoming.split(",", -1)) {
        String clean = Sanitiser.headerValue(member).strip();
        if (!clean.isEmpty()
            && !ours.contains(key(clean))
            && members < MAX_MEMBERS
            && append(out, clean)) {
          members++;
        }
      }
    }
    return out.toString();
  }

  /**
   * The {@code x-correlation-*} members of a received baggage header, names lower-cased and values
   * percent-decoded; properties ({@code ;...}) are ignored, as are members past the W3C limits and
   * values that do not decode to UTF-8. The first member of a name wins.
   */
  static Map<String, String> ids(String baggage) {
    Map<String, String> ids = new LinkedHashMap<>();
    String text = baggage.length() > MAX_BYTES ? baggage.substring(0, MAX_BYTES) : baggage;
    String[] members = text.split(",", MAX_MEMBERS + 1);
    for (int i = 0; i < Math.min(members.length, MAX_MEMBERS); i++) {
      String member = members[i];
      int semicolon = member.indexOf(';');
      String pair = semicolon < 0 ? member : member.substring(0, semicolon);
      int equals = pair.indexOf('=');
      if (equals <= 0) {
        continue;
      }
      String name = Sanitiser.name(pair.substring(0, equals).strip());
      String value = decode(pair.substring(equals + 1).strip());
      if (name != null
          && name.startsWith(CorrelationIds.PREFIX)
          && IncomingIds.isCaptured(name)
          && value != null
          && !value.isEmpty()) {
        ids.putIfAbsent(name, value);
      }
    }
    return ids;
  }

  /**
   * Percent-decodes {@code value} as UTF-8; null when an escape is broken or the bytes are not
   * UTF-8.
   */
  static String decode(String value) {
    if (value.indexOf('%') < 0) {
      return value;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '%') {
        if (c > 0x7f) {
          return null;
        }
        bytes.write(c);
        continue;
      }
      int high = i + 2 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
      int low = high < 0 ? -1 : Character.digit(value.charAt(i + 2), 16);
      if (low < 0) {
        return null;
      }
      bytes.write(high << 4 | low);
      i += 2;
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static boolean append(StringBuilder out, String member) {
    return append(out, member, null);
  }

  /** Appends {@code key=value} (or {@code key} alone when value is null) if it fits. */
  private static boolean append(StringBuilder out, String key, String value) {
    int added =
        key.length() + (value == null ? 0 : value.length() + 1) + (out.length() == 0 ? 0 : 1);
    if (out.length() + added > MAX_BYTES) {
      return false;
    }
    if (out.length() > 0) {
      out.append(',');
    }
    out.append(key);
    if (value != null) {
      out.append('=').append(value);
    }
    return true;
  }

  private static String key(String member) {
    int end = member.length();
    int equals = member.indexOf('=');
    int semicolon = member.indexOf(';');
    if (equals >= 0) {
      end = equals;
    }
    if (semicolon >= 0 && semicolon < end) {
      end = semicolon;
    }
    return member.substring(0, end).strip().toLowerCase(Locale.ROOT);
  }

  /** Percent-encodes everything outside the W3C baggage-octet range (and '%' itself). */
  static String encode(String value) {
    boolean plain = true;
    for (int i = 0; i < value.length() && plain; i++) {
      plain = isOctet(value.charAt(i));
    }
    if (plain) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length());
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (isOctet(c)) {
        out.append((char) c);
      } else {
        out.append('%')
            .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /** A W3C baggage-octet other than '%', which must be encoded to stay unambiguous. */
  private static boolean isOctet(int c) {
    return c != '%'
        && (c == 0x21
            || (c >= 0x23 && c <= 0x2b)
            || (c >= 0x2d && c <= 0x3a)
            || (c >= 0x3c && c <= 0x5b)
            || (c >= 0x5d && c <= 0x7e));
  }
}
