package dev.noops.logs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Replaces secrets and personal data in a log line before anything is made of it, so the indexed
 * document, its {@code json} fields and a dead letter's {@code event.original} never hold them.
 * Built-in rules ({@code REDACT_RULES}): {@code email}, {@code card} (13–19 digits that pass the
 * Luhn check), {@code aws_key} (access key ids), {@code jwt}, {@code bearer} (the token after
 * {@code Bearer}); {@code all} selects every one. {@code REDACT_PATTERN} adds one regex of your own
 * (rule {@code custom}). Each match becomes {@code [REDACTED:<rule>]}; matches are counted per
 * rule. Not thread-safe: one per shipper.
 */
final class Redactor {
  static final Redactor NONE = new Redactor(List.of());

  /**
   * One rule: a regex, for cards a check the match must pass, and a cheap test that rules the regex
   * out for most lines (a regex tried at every position of every line costs several times what the
   * rest of the shipper does; measured in docs/performance.md).
   */
  private record Rule(String name, Pattern pattern, boolean luhn, Predicate<String> mayMatch) {
    Rule(String name, Pattern pattern, boolean luhn) {
      this(name, pattern, luhn, text -> true);
    }
  }

  private static final Map<String, Rule> BUILT_IN = builtIn();

  private final List<Rule> rules;
  private final Map<String, Integer> counts = new LinkedHashMap<>();

  private Redactor(List<Rule> rules) {
    this.rules = rules;
  }

  /**
   * The rules named in {@code builtIn} (comma-separated, or {@code all}) plus {@code custom}.
   *
   * @throws ConfigException naming an unknown rule or an invalid regex
   */
  static Redactor of(String builtIn, String custom) {
    List<Rule> rules = new ArrayList<>();
    if (builtIn != null) {
      for (String name : builtIn.toLowerCase(Locale.ROOT).split(",", -1)) {
        String rule = name.strip();
        if (rule.equals("all")) {
          rules.addAll(BUILT_IN.values());
        } else if (BUILT_IN.containsKey(rule)) {
          rules.add(BUILT_IN.get(rule));
        } else if (!rule.isEmpty() && !rule.equals("none")) {
          throw new ConfigException(
              "REDACT_RULES must list rules of " + BUILT_IN.keySet() + " or all: " + rule);
        }
      }
    }
    if (custom != null) {
      try {
        rules.add(new Rule("custom", Pattern.compile(custom), false));
      } catch (PatternSyntaxException e) {
        throw new ConfigException("REDACT_PATTERN is not a valid regex: " + e.getDescription());
      }
    }
    return rules.isEmpty() ? NONE : new Redactor(List.copyOf(rules));
  }

  boolean active() {
    return !rules.isEmpty();
  }

  /** {@code text} with every match replaced (the same instance when nothing matched). */
  String redact(String text) {
    String result = text;
    for (Rule rule : rules) {
      result = apply(rule, result);
    }
    return result;
  }

  /** Redactions per rule since the last call, then starts counting again. */
  Map<String, Integer> drainCounts() {
    Map<String, Integer> drained = Map.copyOf(counts);
    counts.clear();
    return drained;
  }

  private String apply(Rule rule, String text) {
    if (!rule.mayMatch().test(text)) {
      return text;
    }
    Matcher matcher = rule.pattern().matcher(text);
    StringBuilder out = null;
    int last = 0;
    while (matcher.find()) {
      if (rule.luhn() && !luhn(matcher.group())) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      out.append(text, last, matcher.start()).append("[REDACTED:").append(rule.name()).append(']');
      last = matcher.end();
      counts.merge(rule.name(), 1, Integer::sum);
    }
    return out == null ? text : out.append(text, last, text.length()).toString();
  }

  static boolean luhn(String candidate) {
    int sum = 0;
    int digits = 0;
    for (int i = candidate.length() - 1; i >= 0; i--) {
      char c = candidate.charAt(i);
      if (c < '0' || c > '9') {
        continue;
      }
      int d = c - '0';
      if (digits++ % 2 == 1) {
        d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      }
      sum += d;
    }
    return digits >= 13 && digits <= 19 && sum % 10 == 0;
  }

  private static Map<String, Rule> builtIn() {
    Map<String, Rule> rules = new LinkedHashMap<>();
    rules.put(
        "email",
        new Rule(
            "email",
            Pattern.compile(
                "[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63})*\\.[A-Za-z]{2,24}"),
            false,
            text -> text.indexOf('@') >= 0));
    rules.put(
        "card",
        new Rule(
            "card",
            Pattern.compile("(?<![0-9])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])"),
            true,
            Redactor::hasCardLikeRun));
    rules.put(
        "aws_key",
        new Rule(
            "aws_key",
            Pattern.compile("(?<![A-Z0-9])(?:AKIA|ASIA|AROA|AIDA)[A-Z0-9]{16}(?![A-Z0-9])"),
            false,
            text ->
                text.contains("AKIA")
                    || text.contains("ASIA")
                    || text.contains("AROA")
                    || text.contains("AIDA")));
    rules.put(
        "jwt",
        new Rule(
            "jwt",
            Pattern.compile("eyJ[A-Za-z0-9_-]{5,}\\.eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]+"),
            false,
            text -> text.contains("eyJ")));
    rules.put(
        "bearer",
        new Rule(
            "bearer",
            Pattern.compile("(?i)(?<=bearer )[A-Za-z0-9._~+/-]{8,}=*"),
            false,
            Redactor::mentionsBearer));
    return java.util.Collections.unmodifiableMap(
        rules); // in this order: a JWT is named before "Bearer" sees it
  }

  /**
   * True when {@code text} has 13 digits in a row, single spaces or dashes allowed between them:
   * what the card regex needs before it can match (timestamps and ids have shorter runs).
   */
  private static boolean hasCardLikeRun(String text) {
    int run = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        if (++run >= 13) {
          return true;
        }
      } else if (!(run > 0
          && (c == ' ' || c == '-')
          && i + 1 < text.length()
          && isDigit(text, i + 1))) {
        run = 0;
      }
    }
    return false;
  }

  private static boolean isDigit(String text, int i) {
    char c = text.charAt(i);
    return c >= '0' && c <= '9';
  }

  private static boolean mentionsBearer(String text) {
    for (int i = text.indexOf('e'); i >= 1; i = text.indexOf('e', i + 1)) {
      if (text.regionMatches(true, i - 1, "bearer ", 0, 7)) {
        return true;
      }
    }
    for (int i = text.indexOf('E'); i >= 1; i = text.indexOf('E', i + 1)) {
      if (text.regionMatches(true, i - 1, "bearer ", 0, 7)) {
        return true;
      }
    }
    return false;
  }
}
