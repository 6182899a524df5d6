package dev.noops.logs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds a log group's and its function's tags as {@code labels.*} (at most {@value #MAX_TAGS}, keys
 * cleaned like JSON keys, a function tag winning over a log group tag). Looked up once per log
 * group per execution environment and kept for a TTL; at most {@code maxLookupsPerMinute} lookups
 * start in any minute, so a burst of new log groups never floods the tagging APIs (those groups get
 * their labels on a later invocation). A failed lookup is logged, remembered for a tenth of the
 * TTL, and never fails delivery.
 */
final class TagEnricher {
  static final String LAMBDA_GROUP = "/aws/lambda/";
  static final int MAX_TAGS = 20;
  static final TagEnricher NONE = new TagEnricher(null, Duration.ZERO, 0, Clock.systemUTC());
  private static final Logger LOG = LoggerFactory.getLogger(TagEnricher.class);
  private static final int MAX_CACHED = 10_000;

  /** What is known about one log group, until {@code expires}. */
  private record Entry(Map<String, String> labels, Instant expires) {}

  private final Lookup lookup;
  private final Duration ttl;
  private final int maxLookupsPerMinute;
  private final Clock clock;
  private final Map<String, Entry> cache = new LinkedHashMap<>();
  private Instant windowStart = Instant.EPOCH;
  private int lookupsInWindow;

  /** Finds the tags of a log group (and its function); throws on any failure. */
  interface Lookup {
    Map<String, String> tags(String account, String region, String logGroup);
  }

  TagEnricher(Lookup lookup, Duration ttl, int maxLookupsPerMinute, Clock clock) {
    this.lookup = lookup;
    this.ttl = ttl;
    this.maxLookupsPerMinute = maxLookupsPerMinute;
    this.clock = clock;
  }

  boolean active() {
    return lookup != null;
  }

  /** The labels for documents of {@code context}: empty when unknown (yet). */
  Map<String, String> labels(LogContext context) {
    if (lookup == null
        || context == null
        || context.logGroup() == null
        || context.account() == null
        || context.region() == null) {
      return Map.of();
    }
    Instant now = clock.instant();
    Entry entry = cache.get(context.logGroup());
    if (entry != null && now.isBefore(entry.expires())) {
      return entry.labels();
    }
    if (!mayLookUp(now)) {
      return entry == null ? Map.of() : entry.labels(); // stale beats none
    }
    Entry fresh = lookUp(context, now);
    if (cache.size() >= MAX_CACHED) {
      cache.remove(cache.keySet().iterator().next());
    }
    cache.put(context.logGroup(), fresh);
    return fresh.labels();
  }

  private Entry lookUp(LogContext context, Instant now) {
    try {
      Map<String, String> labels = new LinkedHashMap<>();
      for (Map.Entry<String, String> tag :
          lookup.tags(context.account(), context.region(), context.logGroup()).entrySet()) {
        if (labels.size() < MAX_TAGS && tag.getValue() != null) {
          labels.put(JsonFlattener.key(tag.getKey()), tag.getValue());
        }
      }
      return new Entry(Map.copyOf(labels), now.plus(ttl));
    } catch (RuntimeException e) {
      LOG.warn(
          "tags of a log group could not be read ({}); its documents are shipped without them",
          e.getClass().getSimpleName());
      return new Entry(Map.of(), now.plus(ttl.dividedBy(10)));
    }
  }

  private boolean mayLookUp(Instant now) {
    if (!now.isBefore(windowStart.plus(Duration.ofMinutes(1)))) {
      windowStart = now;
      lookupsInWindow = 0;
    }
    if (lookupsInWindow >= maxLookupsPerMinute) {
      return false;
    }
    lookupsInWindow++;
    return true;
  }

  /**
   * Adapts {@link TagLookup}, whose SDK clients are built on first use (never when enrichment is
   * off).
   */
  static Lookup lazy(Supplier<TagLookup> clients) {
    return new Lookup() {
      private TagLookup built;

      @Override
      public Map<String, String> tags(String account, String region, String logGroup) {
        if (built == null) {
          built = clients.get();
        }
        return built.tags(account, region, logGroup);
      }
    };
  }
}
