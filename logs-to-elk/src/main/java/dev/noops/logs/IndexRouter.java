package dev.noops.logs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Sends a log group to its own index prefix (or data stream). {@code INDEX_TAG_ROUTES} is a list of
 * {@code <tag key>=<tag value glob>=<prefix>} rules matched against the tags of the log group and
 * its function (the ones {@link TagEnricher} looks up and caches), e.g. {@code
 * team=payments=logs-payments}; {@code INDEX_ROUTES} a list of {@code <log group glob>=<prefix>}
 * rules, e.g. {@code /aws/lambda/payments-*=logs-payments;/aws/lambda/batch-*=logs-batch}. Rules
 * are separated by {@code ;}; tag rules are tried first, then name rules, first match wins. A log
 * group that no rule matches (and input that names none) keeps the default prefix; so does a group
 * whose tags are unknown (failed lookup), apart from its name rules. A rule that cannot be read is
 * a startup error naming it.
 */
final class IndexRouter {
  private static final Pattern PREFIX = Pattern.compile("[a-z0-9][a-z0-9._-]{0,200}");

  /** One name rule: the log groups it matches and where they go. */
  private record Route(Pattern logGroups, IndexNames names) {}

  /** One tag rule: the tag key, the values it matches and where they go. */
  private record TagRoute(String key, Pattern values, IndexNames names) {}

  private final IndexNames fallback;
  private final List<Route> routes;
  private final List<TagRoute> tagRoutes;

  private IndexRouter(IndexNames fallback, List<Route> routes, List<TagRoute> tagRoutes) {
    this.fallback = fallback;
    this.routes = routes;
    this.tagRoutes = tagRoutes;
  }

  /** The router for name rules only. */
  static IndexRouter of(String rules, IndexNames fallback) {
    return of(rules, null, fallback);
  }

  /**
   * The router for name {@code rules} and {@code tagRules} (null or blank: none).
   *
   * @throws ConfigException naming the rule that cannot be read or whose prefix is invalid
   */
  static IndexRouter of(String rules, String tagRules, IndexNames fallback) {
    List<Route> routes = new ArrayList<>();
    for (String rule : rules(rules)) {
      int eq = rule.lastIndexOf('=');
      String glob = eq < 0 ? "" : rule.substring(0, eq).strip();
      String prefix = eq < 0 ? "" : rule.substring(eq + 1).strip();
      if (glob.isEmpty() || !PREFIX.matcher(prefix).matches()) {
        throw new ConfigException(
            "INDEX_ROUTES rule must be <log group glob>=<lower-case index prefix>: " + rule);
      }
      routes.add(new Route(glob(glob), new IndexNames(prefix, fallback.dataStream())));
    }
    List<TagRoute> tagRoutes = new ArrayList<>();
    for (String rule : rules(tagRules)) {
      int first = rule.indexOf('=');
      int last = rule.lastIndexOf('=');
      String key = first < 0 ? "" : rule.substring(0, first).strip();
      String value = last <= first ? "" : rule.substring(first + 1, last).strip();
      String prefix = last <= first ? "" : rule.substring(last + 1).strip();
      if (key.isEmpty() || value.isEmpty() || !PREFIX.matcher(prefix).matches()) {
        throw new ConfigException(
            "INDEX_TAG_ROUTES rule must be <tag key>=<tag value glob>=<lower-case index prefix>: "
                + rule);
      }
      tagRoutes.add(new TagRoute(key, glob(value), new IndexNames(prefix, fallback.dataStream())));
    }
    return new IndexRouter(fallback, List.copyOf(routes), List.copyOf(tagRoutes));
  }

  private static List<String> rules(String rules) {
    if (rules == null || rules.isBlank()) {
      return List.of();
    }
    return java.util.Arrays.stream(rules.split(";", -1))
        .filter(rule -> !rule.isBlank())
        .map(String::strip)
        .toList();
  }

  /** True when some rule routes by tag, so the tags of every log group must be looked up. */
  boolean byTag() {
    return !tagRoutes.isEmpty();
  }

  /**
   * Where documents of {@code context} go by its name alone; the default for null (input that names
   * no log group).
   */
  IndexNames names(LogContext context) {
    return names(context, TagEnricher.Tags.UNKNOWN);
  }

  /**
   * Where documents of {@code context} go: the first tag rule its {@code tags} match, else the
   * first name rule, else the default.
   */
  IndexNames names(LogContext context, TagEnricher.Tags tags) {
    for (TagRoute route : tagRoutes) {
      String value = tags.all().get(route.key());
      if (value != null && route.values().matcher(value).matches()) {
        return route.names();
      }
    }
    if (context != null && context.logGroup() != null) {
      for (Route route : routes) {
        if (route.logGroups().matcher(context.logGroup()).matches()) {
          return route.names();
        }
      }
    }
    return fallback;
  }

  /** Every destination, the default first: each gets its index templates. */
  Set<IndexNames> all() {
    Set<IndexNames> all = new LinkedHashSet<>();
    all.add(fallback);
    tagRoutes.forEach(route -> all.add(route.names()));
    routes.forEach(route -> all.add(route.names()));
    return all;
  }

  private static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }
}
