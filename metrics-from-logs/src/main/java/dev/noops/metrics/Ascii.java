package dev.noops.metrics;

import java.text.Normalizer;
import java.util.Map;

/**
 * CloudWatch accepts only printable ASCII in metric names and dimensions. Letters with accents fold
 * to their base letter ({@code é} → {@code e}), a few ligatures and letters spell out ({@code ß} →
 * {@code ss}); a character with no ASCII form makes the text unusable.
 */
final class Ascii {
  private static final Map<Character, String> SPELLED =
      Map.ofEntries(
          Map.entry('ß', "ss"),
          Map.entry('æ', "ae"),
          Map.entry('Æ', "AE"),
          Map.entry('œ', "oe"),
          Map.entry('Œ', "OE"),
          Map.entry('ø', "o"),
          Map.entry('Ø', "O"),
          Map.entry('đ', "d"),
          Map.entry('Đ', "D"),
          Map.entry('ł', "l"),
          Map.entry('Ł', "L"),
          Map.entry('þ', "th"),
          Map.entry('Þ', "Th"),
          Map.entry('ı', "i"),
          Map.entry('‘', "'"),
          Map.entry('’', "'"),
          Map.entry('“', "\""),
          Map.entry('”', "\""),
          Map.entry('–', "-"),
          Map.entry('—', "-"));

  private Ascii() {}

  /**
   * {@code text} itself when it is printable ASCII, its folded form, or null when it cannot be
   * folded.
   */
  static String fold(String text) {
    if (isPrintable(text)) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
    for (int i = 0; i < decomposed.length(); i++) {
      char c = decomposed.charAt(i);
      if (c >= 0x20 && c < 0x7f) {
        out.append(c);
      } else if (Character.getType(c) == Character.NON_SPACING_MARK) {
        // the accent of a decomposed letter
      } else if (SPELLED.containsKey(c)) {
        out.append(SPELLED.get(c));
      } else {
        return null;
      }
    }
    return out.toString();
  }

  static boolean isPrintable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c >= 0x7f) {
        return false;
      }
    }
    return true;
  }
}
