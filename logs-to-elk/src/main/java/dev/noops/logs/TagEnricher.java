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
 * TTL, and never fails delivery. The same looked-up tags serve index routing by tag ({@link
 * IndexRouter}), with or without labels.
 */
final class TagEnricher {
  static final String LAMBDA_GROUP = "/aws/lambda/";
  static final int MAX_TAGS = 20;
  static final TagEnricher NONE = new TagEnricher(null, Duration.ZERO, 0, Clock.systemUTC(), false);
  private static final Logger LOG = LoggerFactory.getLogger(TagEnricher.class);
  private static final int MAX_CACHED = 10_000;

  /** What is known about one log group, until {@code expires}. */
  private record Entry(Tags tags, Instant expires) {}

  /**
   * A log group's tags.
   *
   * @param all every tag, keys as AWS returns them (for routing)
   * @param labels at most {@value #MAX_TAGS} of them, keys cleaned (for {@code labels.*})
   * @param known false when the lookup failed or has not been allowed yet
   */
  record Tags(Map<String, String> all, Map<String, String> labels, boolean known) {
    static final Tags UNKNOWN = new Tags(Map.of(), Map.of(), false);
  }

  private final Lookup lookup;
  private final Duration ttl;
  private final int maxLookupsPerMinute;
  private final Clock clock;
  private final boolean addsLabels;
  private final Map<String, Entry> cache = new LinkedHashMap<>();
  private Instant windowStart = Instant.EPOCH;
  private int lookupsInWindow;

  /** Finds the tags of a log group (and its function); throws on any failure. */
  interface Lookup {
    Map<String, String> tags(String account, String region, String logGroup);
  }

  /** An enricher that adds labels. */
  TagEnricher(Lookup lookup, Duration ttl, int maxLookupsPerMinute, Clock clock) {
    this(lookup, ttl, maxLookupsPerMinute, clock, true);
  }

  /**
   * @param addsLabels false: tags are looked up for routing only, documents get no {@code labels.*}
   */
  TagEnricher(
      Lookup lookup, Duration ttl, int maxLookupsPerMinute, Clock clock, boolean addsLabels) {
    this.lookup = lookup;
    this.ttl = ttl;
    this.maxLookupsPerMinute = maxLookupsPerMinute;
    this.clock = clock;
    this.addsLabels = addsLabels;
  }

  /** True when tags are looked up at all. */
  boolean active() {
    return lookup != null;
  }

  /** True when documents get their tags as {@code labels.*}. */
  boolean addsLabels() {
    return lookup != null && addsLabels;
  }

  /** The labels for documents of {@code context}: empty when unknown (yet). */
  Map<String, String> labels(LogContext context) {
    return tags(context).labels();
  }

  /** The tags of {@code context}'s log group, from the cache or one lookup; never throws. */
  Tags tags(LogContext context) {
    if (lookup == null
        || context == null
        || context.logGroup() == null
        || context.account() == null
        || context.region() == null) {
      return Tags.UNKNOWN;
    }
    Instant now = clock.instant();
    Entry entry = cache.get(context.logGroup());
    if (entry != null && now.isBefore(entry.expires())) {
      return entry.tags();
    }
    if (!mayLookUp(now)) {
      return entry == null ? Tags.UNKNOWN : entry.tags(); // stale beats none
    }
    Entry fresh = lookUp(context, now);
    if (cache.size() >= MAX_CACHED) {
      cache.remove(cache.keySet().iterator().next());
    }
    cache.put(context.logGroup(), fresh);
    return fresh.tags();
  }

  private Entry lookUp(LogContext context, Instant now) {
    try {
      Map<String, String> all = new LinkedHashMap<>();
      Map<String, String> labels = new LinkedHashMap<>();
      for (Map.Entry<String, String> tag :
          lookup.tags(context.account(), context.region(), context.logGroup()).entrySet()) {
        if (tag.getValue() == null) {
          continue;
        }
        all.put(tag.getKey(), tag.getValue());
        if (labels.size() < MAX_TAGS) {
          labels.put(JsonFlattener.key(tag.getKey()), tag.getValue());
        }
      }
      return new Entry(new Tags(Map.copyOf(all), Map.copyOf(labels), true), now.plus(ttl));
    } catch (RuntimeException e) {
      LOG.warn(
          "tags of a log group could not be read ({}); its documents are shipped without them",
          e.getClass().getSimpleName());
      return new Entry(Tags.UNKNOWN, now.plus(ttl.dividedBy(10)));
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
