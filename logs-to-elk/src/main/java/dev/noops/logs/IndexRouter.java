package dev.noops.logs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Sends a log group to its own index prefix (or data stream): {@code INDEX_ROUTES} is a list of
 * {@code <log group glob>=<prefix>} rules separated by {@code ;}, first match wins, e.g. {@code
 * /aws/lambda/payments-*=logs-payments;/aws/lambda/batch-*=logs-batch}. A log group that no rule
 * matches (and input that names none) keeps the default prefix. A rule that cannot be read is a
 * startup error naming it.
 */
final class IndexRouter {
  private static final Pattern PREFIX = Pattern.compile("[a-z0-9][a-z0-9._-]{0,200}");

  /** One rule: the log groups it matches and where they go. */
  private record Route(Pattern logGroups, IndexNames names) {}

  private final IndexNames fallback;
  private final List<Route> routes;

  private IndexRouter(IndexNames fallback, List<Route> routes) {
    this.fallback = fallback;
    this.routes = routes;
  }

  /**
   * The router for {@code rules} (null or blank: every group to {@code fallback}).
   *
   * @throws ConfigException naming the rule that is not {@code glob=prefix} or whose prefix is
   *     invalid
   */
  static IndexRouter of(String rules, IndexNames fallback) {
    List<Route> routes = new ArrayList<>();
    if (rules != null && !rules.isBlank()) {
      for (String rule : rules.split(";", -1)) {
        if (rule.isBlank()) {
          continue;
        }
        int eq = rule.lastIndexOf('=');
        String glob = eq < 0 ? "" : rule.substring(0, eq).strip();
        String prefix = eq < 0 ? "" : rule.substring(eq + 1).strip();
        if (glob.isEmpty() || !PREFIX.matcher(prefix).matches()) {
          throw new ConfigException(
              "INDEX_ROUTES rule must be <log group glob>=<lower-case index prefix>: "
                  + rule.strip());
        }
        routes.add(new Route(glob(glob), new IndexNames(prefix, fallback.dataStream())));
      }
    }
    return new IndexRouter(fallback, List.copyOf(routes));
  }

  /**
   * Where documents of {@code context} go; the default for null (input that names no log group).
   */
  IndexNames names(LogContext context) {
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
