package dev.noops.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/**
 * A cached, refreshing, thread-safe client of the noops config API. Build one per execution
 * environment (a static field), {@link #prefetch} the keys the function needs at init, and read
 * them with {@link #get} on every invocation: a read of a fresh value is a map lookup.
 *
 * <p>After {@linkplain Builder#maxAge max age} a read refreshes the key with a conditional GET
 * ({@code If-None-Match}; a 304 costs no body), one request per key however many threads read it.
 * If the API is down, slow or answers an error, the last good value is served for up to {@linkplain
 * Builder#maxStaleness max staleness} and the outage is logged once. No read waits longer than the
 * {@linkplain Builder#timeout time budget}. Values and plaintexts are never logged.
 */
public final class ConfigClient implements AutoCloseable {
  private final ConfigHttp http;
  private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();
  private final SingleFlight<Entry> flights = new SingleFlight<>();
  private final Listeners listeners = new Listeners();
  private final FailureLog failures = new FailureLog();
  private final Secrets secrets;
  private final Jitter jitter;
  private final LongSupplier clock;
  private final long maxAgeMillis;
  private final long maxStalenessMillis;
  private final long retryMillis;
  private final long timeoutNanos;

  private ConfigClient(Builder builder, HttpUrl base, String apiKey, Duration maxStaleness) {
    OkHttpClient.Builder okhttp =
        new OkHttpClient.Builder()
            .callTimeout(builder.timeout)
            .connectTimeout(builder.timeout)
            .readTimeout(builder.timeout)
            .writeTimeout(builder.timeout)
            // the API key is a custom header, which OkHttp would carry across a redirect to another
            // host
            .followRedirects(false)
            .followSslRedirects(false);
    // correlation IDs travel with every request when the noops-correlation jar is present
    CorrelationSupport.interceptorIfPresent().ifPresent(okhttp::addInterceptor);
    if (!builder.headers.isEmpty()) {
      okhttp.addInterceptor(new ExtraHeaders(builder.headers));
    }
    builder.interceptors.forEach(okhttp::addInterceptor);
    this.http = new ConfigHttp(okhttp.build(), base, apiKey, builder.maxResponseBytes);
    URI kmsEndpoint = builder.kmsEndpoint;
    // a lambda, so that KmsSecretDecryptor (and with it the AWS SDK) is resolved only when called
    this.secrets = new Secrets(() -> new KmsSecretDecryptor(kmsEndpoint));
    this.jitter = new Jitter(builder.jitter, Jitter.freshSeed());
    this.clock = builder.clock;
    this.maxAgeMillis = builder.maxAge.toMillis();
    this.maxStalenessMillis = maxStaleness.toMillis();
    this.retryMillis = Math.min(builder.maxAge.toMillis(), builder.retryAfterFailure.toMillis());
    this.timeoutNanos = builder.timeout.toNanos();
  }

  /**
   * A builder whose base URL and API key default to {@code NOOPS_CONFIG_URL} and {@code
   * NOOPS_CONFIG_API_KEY}.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The plain value under {@code key}.
   *
   * @throws ConfigNotFoundException if the key has no value
   * @throws ConfigUnavailableException if the API gave no answer in time and nothing young enough
   *     is cached
   * @throws ConfigException if the value is encrypted (read it with {@link #getSecret})
   * @throws IllegalArgumentException if {@code key} is not a valid key ({@code /segment/segment})
   */
  public String get(String key) {
    return plain(present(key));
  }

  /**
   * Like {@link #get}, but empty instead of {@link ConfigNotFoundException} when the key has no
   * value.
   */
  public Optional<String> find(String key) {
    Entry entry = entry(key);
    return entry.isPresent() ? Optional.of(plain(entry.value())) : Optional.empty();
  }

  /**
   * The value under {@code key} converted by {@code parser}; a parser exception becomes a {@link
   * ConfigException} that names the key (and not the value).
   */
  public <T> T get(String key, Function<String, ? extends T> parser) {
    Objects.requireNonNull(parser, "parser == null");
    return convert(key, "accepted by the parser", parser);
  }

  /** The value under {@code key} as an {@code int} (decimal, surrounding spaces ignored). */
  public int getInt(String key) {
    return convert(key, "an int", Integer::parseInt);
  }

  /** The value under {@code key} as a {@code long} (decimal, surrounding spaces ignored). */
  public long getLong(String key) {
    return convert(key, "a long", Long::parseLong);
  }

  /**
   * The value under {@code key} as a {@code boolean}: exactly {@code true} or {@code false}, any
   * case.
   */
  public boolean getBoolean(String key) {
    return convert(key, "a boolean", ConfigClient::parseBoolean);
  }

  /** The value under {@code key} as an ISO-8601 duration, e.g. {@code PT30S}. */
  public Duration getDuration(String key) {
    return convert(key, "an ISO-8601 duration", Duration::parse);
  }

  /**
   * The plaintext of the encrypted value under {@code key}, decrypted with KMS {@code Decrypt} and
   * the encryption context {@code {"noops:key": key}}. The plaintext is kept in memory for the
   * value's version and never logged. The first call loads the AWS SDK (an optional dependency).
   *
   * @throws ConfigException if the value is not encrypted, or KMS cannot decrypt it
   */
  public String getSecret(String key) {
    long deadline = System.nanoTime() + timeoutNanos;
    ConfigValue value = present(key);
    if (!value.encrypted()) {
      throw new ConfigException(key + " is not encrypted: read it with get");
    }
    return secrets.reveal(value, deadline);
  }

  /**
   * Loads {@code keys} into the cache in one batch request ({@code GET /config?keys=...}; several
   * only for very many or very long keys). Call it at init, so that a SnapStart snapshot holds a
   * warm cache. Keys the API reports missing are cached as absent.
   *
   * @throws ConfigUnavailableException if the API gave no good answer within the time budget
   */
  public void prefetch(String... keys) {
    Set<String> unique = new LinkedHashSet<>();
    for (String key : keys) {
      unique.add(Keys.check(key));
    }
    for (List<String> batch : Batches.of(unique)) {
      loadBatch(batch);
    }
  }

  /** Fetches every key in the cache again now, in batch requests, whatever its age. */
  public void refresh() {
    prefetch(cache.keySet().toArray(new String[0]));
  }

  /**
   * Call before a SnapStart / CRaC checkpoint: closes pooled connections, which would be dead in
   * the restored environment.
   */
  public void beforeCheckpoint() {
    http.evictConnections();
  }

  /**
   * Call after a SnapStart / CRaC restore: drops pooled connections, draws a new jitter seed (every
   * environment restored from one snapshot would otherwise share it), marks every cached value as
   * due, and refreshes them all in a batch. If that refresh fails, reads fall back to conditional
   * refreshes and stale values as usual; nothing is thrown.
   */
  public void afterRestore() {
    http.evictConnections();
    jitter.reseed(Jitter.freshSeed());
    cache.replaceAll((key, entry) -> entry.refreshAt(Long.MIN_VALUE));
    try {
      refresh();
    } catch (ConfigUnavailableException e) {
      // already logged once by the failure log; reads will retry
    }
  }

  /**
   * Calls {@code listener} once for each change of {@code key} that this client sees: a new
   * version, the key appearing or being deleted. Changes are seen when a read or {@link #refresh()}
   * fetches the key; the first load of a key is not a change. The listener runs in the thread that
   * fetched; an exception it throws is logged (its type only) and swallowed.
   */
  public Registration onChange(String key, Consumer<ConfigChange> listener) {
    Keys.check(key);
    Objects.requireNonNull(listener, "listener == null");
    return listeners.add(key, listener);
  }

  /**
   * Releases connections, the HTTP threads and (if one was made) the KMS client; forgets
   * plaintexts.
   */
  @Override
  public void close() {
    http.close();
    secrets.close();
  }

  boolean kmsLoaded() {
    return secrets.decryptorLoaded();
  }

  private ConfigValue present(String key) {
    Entry entry = entry(key);
    if (!entry.isPresent()) {
      throw new ConfigNotFoundException(key);
    }
    return entry.value();
  }

  private static String plain(ConfigValue value) {
    if (value.encrypted()) {
      throw new ConfigException(value.key() + " is encrypted: read it with getSecret");
    }
    return value.value();
  }

  private <T> T convert(String key, String what, Function<String, ? extends T> parser) {
    String raw = get(key);
    try {
      return parser.apply(raw.strip());
    } catch (RuntimeException e) {
      // not chained: NumberFormatException and friends quote the input, i.e. the value
      throw new ConfigException(
          key + " is not " + what + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static boolean parseBoolean(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("not true or false");
    };
  }

  // the hot path: one map lookup and one clock read when the entry is fresh
  private Entry entry(String key) {
    Entry cached = cache.get(Objects.requireNonNull(key, "key == null"));
    if (cached != null && clock.getAsLong() < cached.refreshAt()) {
      return cached;
    }
    if (cached == null) {
      Keys.check(key);
    }
    long deadline = System.nanoTime() + timeoutNanos;
    try {
      return flights.run(key, deadline, () -> fetch(key, deadline));
    } catch (ConfigUnavailableException e) {
      Entry stale = cache.get(key);
      if (stale != null && clock.getAsLong() - stale.validatedAt() <= maxStalenessMillis) {
        return stale;
      }
      throw e;
    }
  }

  private Entry fetch(String key, long deadline) {
    Entry current = cache.get(key);
    if (current != null && clock.getAsLong() < current.refreshAt()) {
      return current; // another flight refreshed it between our lookup and this one
    }
    String etag = current != null && current.isPresent() ? current.etag() : null;
    ConfigHttp.Fetched fetched;
    try {
      fetched = http.fetch(key, etag, deadline - System.nanoTime());
    } catch (ConfigUnavailableException e) {
      failures.failed(key, e);
      postponeRetry(key);
      throw e;
    }
    failures.succeeded();
    long now = clock.getAsLong();
    if (fetched instanceof ConfigHttp.Found found) {
      return store(key, Entry.present(found.value(), found.etag(), now, nextRefresh(now)));
    }
    if (fetched == ConfigHttp.NotModified.INSTANCE) {
      return store(key, current.revalidated(now, nextRefresh(now)));
    }
    return store(key, Entry.absent(now, nextRefresh(now)));
  }

  // a failing API is asked again after retryAfterFailure, not on every read, and never later than
  // the moment the value becomes too stale to serve
  private void postponeRetry(String key) {
    long now = clock.getAsLong();
    cache.computeIfPresent(
        key,
        (k, entry) ->
            entry.refreshAt(
                Math.min(now + retryMillis, entry.validatedAt() + maxStalenessMillis + 1)));
  }

  // the API lists in "remaining" the keys that did not fit in its answer: ask again for those, as
  // long as each
  // answer makes progress (a server that keeps answering with nothing read cannot loop the client)
  private void loadBatch(List<String> keys) {
    List<String> ask = keys;
    while (!ask.isEmpty()) {
      ConfigJson.Batch batch = loadOnce(ask);
      Set<String> asked = Set.copyOf(ask);
      List<String> next = batch.remaining().stream().filter(asked::contains).distinct().toList();
      if (next.size() >= ask.size()) {
        ConfigUnavailableException e =
            new ConfigUnavailableException(
                "config API returned none of " + ask.size() + " keys it listed as remaining");
        failures.failed(ask.size() + " keys", e);
        throw e;
      }
      ask = next;
    }
  }

  private ConfigJson.Batch loadOnce(List<String> keys) {
    ConfigJson.Batch batch;
    try {
      batch = http.fetchBatch(keys, timeoutNanos);
    } catch (ConfigUnavailableException e) {
      failures.failed(keys.size() + " keys", e);
      throw e;
    }
    failures.succeeded();
    long now = clock.getAsLong();
    Set<String> asked = Set.copyOf(keys);
    for (ConfigValue value : batch.items()) {
      if (asked.contains(value.key())) {
        store(value.key(), Entry.present(value, null, now, nextRefresh(now)));
      }
    }
    for (String key : batch.missing()) {
      if (asked.contains(key)) {
        store(key, Entry.absent(now, nextRefresh(now)));
      }
    }
    return batch;
  }

  private long nextRefresh(long now) {
    return now + jitter.apply(maxAgeMillis);
  }

  private Entry store(String key, Entry fresh) {
    Entry[] previous = new Entry[1];
    Entry stored =
        cache.compute(
            key,
            (k, old) -> {
              previous[0] = old;
              // a batch answer that raced a newer single read must not roll the value back
              if (old != null
                  && old.isPresent()
                  && fresh.isPresent()
                  && fresh.value().version() < old.value().version()) {
                return old;
              }
              return fresh;
            });
    if (changed(previous[0], stored)) {
      secrets.forget(key);
      listeners.fire(
          new ConfigChange(
              key, Optional.ofNullable(previous[0].value()), Optional.ofNullable(stored.value())));
    }
    return stored;
  }

  private static boolean changed(Entry before, Entry after) {
    if (before == null) {
      return false;
    }
    if (before.isPresent() != after.isPresent()) {
      return true;
    }
    return before.isPresent() && before.value().version() != after.value().version();
  }

  /**
   * A listener registration; {@link #remove()} stops further calls. Made by {@link #onChange}, not
   * by users.
   */
  public sealed interface Registration permits Listeners.Handle {
    /** Stops calling the listener. */
    void remove();
  }

  /** Configures a {@link ConfigClient}; {@link #build()} checks the settings. */
  public static final class Builder {
    static final String URL_ENV = "NOOPS_CONFIG_URL";
    static final String API_KEY_ENV = "NOOPS_CONFIG_API_KEY";
    private static final Duration DEFAULT_MAX_STALENESS = Duration.ofMinutes(15);

    private String baseUrl;
    private String apiKey;
    private Duration maxAge = Duration.ofMinutes(1);
    private Duration maxStaleness;
    private Duration timeout = Duration.ofSeconds(1);
    private Duration retryAfterFailure = Duration.ofSeconds(5);
    private double jitter = 0.1;
    private URI kmsEndpoint;
    private final List<Interceptor> interceptors = new ArrayList<>();
    private final Map<String, Supplier<String>> headers = new LinkedHashMap<>();
    private long maxResponseBytes = 8L * 1024 * 1024;
    private Function<String, String> env = System::getenv;
    private LongSupplier clock = System::currentTimeMillis;

    private Builder() {}

    /**
     * The API's base URL, e.g. {@code https://abc.execute-api.eu-west-1.amazonaws.com/prod/} or
     * {@code http://localhost:8080/}; {@code /config/...} is appended. Default: {@code
     * NOOPS_CONFIG_URL}.
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl == null");
      return this;
    }

    /** The API key, sent as {@code x-api-key}. Default: {@code NOOPS_CONFIG_API_KEY}, else none. */
    public Builder apiKey(String apiKey) {
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey == null");
      return this;
    }

    /**
     * How long a fetched value is served without asking the API (shortened by the jitter). Default
     * 1 minute.
     */
    public Builder maxAge(Duration maxAge) {
      this.maxAge = positive(maxAge, "maxAge");
      return this;
    }

    /**
     * How old (since the API last confirmed it) a value may be when it is served because the API is
     * failing; at least {@code maxAge}. Default 15 minutes, or {@code maxAge} if that is longer.
     */
    public Builder maxStaleness(Duration maxStaleness) {
      this.maxStaleness = positive(maxStaleness, "maxStaleness");
      return this;
    }

    /**
     * The most a read (or one prefetch request) waits for the API, KMS included. Default 1 second.
     */
    public Builder timeout(Duration timeout) {
      this.timeout = positive(timeout, "timeout");
      return this;
    }

    /**
     * While the API is failing, how long a stale value is served before the API is asked again.
     * Default 5 s (at most maxAge).
     */
    public Builder retryAfterFailure(Duration retryAfterFailure) {
      this.retryAfterFailure = positive(retryAfterFailure, "retryAfterFailure");
      return this;
    }

    /**
     * The part of {@code maxAge}, 0 to 1, by which each value's life is randomly shortened. Default
     * 0.1.
     */
    public Builder jitter(double jitter) {
      if (!(jitter >= 0.0 && jitter <= 1.0)) {
        throw new IllegalArgumentException("jitter must be within 0..1: " + jitter);
      }
      this.jitter = jitter;
      return this;
    }

    /**
     * Sends header {@code name} on every request to the config API, its value read from {@code
     * value} per request (null or blank: not sent), e.g. a tenant or trace header. Correlation IDs
     * need nothing: they are forwarded whenever the {@code noops-correlation} jar is on the
     * classpath. {@code x-api-key}, {@code Host} and the HTTP framing headers cannot be set here.
     */
    public Builder requestHeader(String name, Supplier<String> value) {
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(value, "value == null");
      if (!name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}")) {
        throw new IllegalArgumentException("not an HTTP header name: " + name);
      }
      if (ExtraHeaders.RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(name + " is set by the client itself");
      }
      headers.put(name, value);
      return this;
    }

    // tests only: an OkHttp interceptor on every request (no okhttp3 type is part of the public
    // API)
    Builder addInterceptor(Interceptor interceptor) {
      interceptors.add(Objects.requireNonNull(interceptor, "interceptor == null"));
      return this;
    }

    /**
     * The KMS endpoint; default: the AWS SDK's ({@code AWS_ENDPOINT_URL_KMS}, {@code
     * AWS_ENDPOINT_URL}, else the region's).
     */
    public Builder kmsEndpoint(URI kmsEndpoint) {
      this.kmsEndpoint = Objects.requireNonNull(kmsEndpoint, "kmsEndpoint == null");
      return this;
    }

    Builder maxResponseBytes(long maxResponseBytes) {
      if (maxResponseBytes <= 0) {
        throw new IllegalArgumentException("maxResponseBytes <= 0: " + maxResponseBytes);
      }
      this.maxResponseBytes = maxResponseBytes;
      return this;
    }

    Builder env(Function<String, String> env) {
      this.env = Objects.requireNonNull(env, "env == null");
      return this;
    }

    Builder clock(LongSupplier epochMillis) {
      this.clock = Objects.requireNonNull(epochMillis, "clock == null");
      return this;
    }

    /**
     * The client.
     *
     * @throws IllegalStateException if no base URL is given nor in {@code NOOPS_CONFIG_URL}
     * @throws IllegalArgumentException if the base URL is not http(s), or maxStaleness &lt; maxAge
     */
    public ConfigClient build() {
      String url = baseUrl != null ? baseUrl : blankToNull(env.apply(URL_ENV));
      if (url == null) {
        throw new IllegalStateException("no config API URL: call baseUrl(...) or set " + URL_ENV);
      }
      HttpUrl base = HttpUrl.parse(url.endsWith("/") ? url : url + "/");
      if (base == null) {
        throw new IllegalArgumentException("baseUrl is not an http or https URL: " + url);
      }
      if (base.query() != null || base.fragment() != null) {
        throw new IllegalArgumentException("baseUrl must have no query or fragment: " + url);
      }
      Duration staleness =
          maxStaleness != null
              ? maxStaleness
              : maxAge.compareTo(DEFAULT_MAX_STALENESS) > 0 ? maxAge : DEFAULT_MAX_STALENESS;
      if (staleness.compareTo(maxAge) < 0) {
        throw new IllegalArgumentException(
            "maxStaleness (" + staleness + ") < maxAge (" + maxAge + ")");
      }
      String key = apiKey != null ? apiKey : blankToNull(env.apply(API_KEY_ENV));
      return new ConfigClient(this, base, key, staleness);
    }

    private static Duration positive(Duration duration, String name) {
      Objects.requireNonNull(duration, name + " == null");
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + duration);
      }
      return duration;
    }

    private static String blankToNull(String value) {
      return value == null || value.isBlank() ? null : value.strip();
    }
  }
}
