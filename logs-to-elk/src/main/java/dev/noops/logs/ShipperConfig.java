package dev.noops.logs;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How the shipper reaches its cluster and shapes its requests. Build one with {@link #builder()} or
 * from environment variables with {@link #fromEnvironment(Map)} (names in the README table). {@link
 * #toString()} never shows a password or key.
 */
public final class ShipperConfig {
  /** How requests to the cluster are authenticated. */
  public enum Auth {
    /** No authentication. */
    NONE,
    /**
     * HTTP basic ({@code ES_USERNAME}, {@code ES_PASSWORD}, or the secret named by {@code
     * ES_SECRET_ARN}).
     */
    BASIC,
    /**
     * Elastic API key ({@code ES_API_KEY}, the encoded form, or the secret named by {@code
     * ES_SECRET_ARN}).
     */
    API_KEY,
    /** AWS SigV4 with the default credentials chain, service {@code es} or {@code aoss}. */
    AWS_SIGV4
  }

  private static final Pattern PREFIX = Pattern.compile("[a-z0-9][a-z0-9._-]{0,200}");

  private final URI endpoint;
  private final String indexPrefix;
  private final boolean dataStream;
  private final Auth auth;
  private final String username;
  private final String password;
  private final String apiKey;
  private final String secretArn;
  private final String awsService;
  private final String region;
  private final BatchLimits limits;
  private final Duration requestTimeout;
  private final Duration connectTimeout;
  private final Duration safetyMargin;
  private final Duration retryBaseDelay;
  private final Duration retryMaxDelay;
  private final boolean installTemplates;
  private final int gzipLevel;
  private final JsonMapping jsonMapping;
  private final String[] filter;
  private final String[] redact;
  private final String routes;
  private final String tagRoutes;
  private final boolean enrichTags;
  private final Duration tagsTtl;
  private final int tagLookupsPerMinute;
  private final javax.net.ssl.SSLContext sslContext;

  private ShipperConfig(Builder b) {
    this.endpoint = b.endpoint;
    this.indexPrefix = b.indexPrefix;
    this.dataStream = b.dataStream;
    this.auth = b.auth;
    this.username = b.username;
    this.password = b.password;
    this.apiKey = b.apiKey;
    this.secretArn = b.secretArn;
    this.awsService = b.awsService;
    this.region = b.region;
    this.limits = new BatchLimits(b.maxBatchBytes, b.maxBatchDocuments);
    this.requestTimeout = b.requestTimeout;
    this.connectTimeout = b.connectTimeout;
    this.safetyMargin = b.safetyMargin;
    this.retryBaseDelay = b.retryBaseDelay;
    this.retryMaxDelay = b.retryMaxDelay;
    this.installTemplates = b.installTemplates;
    this.gzipLevel = b.gzipLevel;
    this.jsonMapping = b.jsonMapping;
    this.filter = b.filter;
    this.redact = b.redact;
    this.routes = b.routes;
    this.tagRoutes = b.tagRoutes;
    this.enrichTags = b.enrichTags;
    this.tagsTtl = b.tagsTtl;
    this.tagLookupsPerMinute = b.tagLookupsPerMinute;
    this.sslContext = TlsTrust.context(b.tls[0], b.tls[1], b.tls[2]);
  }

  /** A builder with the defaults of the README table. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the configuration from environment variables ({@code ES_ENDPOINT}, {@code ES_AUTH}, ...).
   * An {@code http://} endpoint is refused (credentials and logs would travel in clear) unless
   * {@code NOOPS_ES_ALLOW_HTTP} is {@code true}, which only local tests set.
   *
   * @throws ConfigException naming the variable that is missing or invalid
   */
  public static ShipperConfig fromEnvironment(Map<String, String> env) {
    Builder b = builder();
    String endpoint = env.get("ES_ENDPOINT");
    if (endpoint == null || endpoint.isBlank()) {
      throw new ConfigException(
          "ES_ENDPOINT is not set (e.g. https://search-logs.eu-west-1.es.amazonaws.com)");
    }
    b.endpoint(parseUri("ES_ENDPOINT", endpoint));
    if ("http".equals(b.endpoint.getScheme())
        && !bool("NOOPS_ES_ALLOW_HTTP", env.getOrDefault("NOOPS_ES_ALLOW_HTTP", "false"))) {
      throw new ConfigException(
          "ES_ENDPOINT must be https:// (set NOOPS_ES_ALLOW_HTTP=true for a local test cluster"
              + " only)");
    }
    // plain code rather than a table of lambdas: each lambda is a class spun at init
    String v;
    if ((v = setting(env, "ES_INDEX_PREFIX")) != null) {
      b.indexPrefix(v);
    }
    if ((v = setting(env, "ES_DATA_STREAM")) != null) {
      b.dataStream(bool("ES_DATA_STREAM", v));
    }
    if ((v = setting(env, "ES_AUTH")) != null) {
      b.auth(parseAuth(v));
    }
    if ((v = setting(env, "ES_USERNAME")) != null) {
      b.username(v);
    }
    if ((v = setting(env, "ES_PASSWORD")) != null) {
      b.password(v);
    }
    if ((v = setting(env, "ES_API_KEY")) != null) {
      b.apiKey(v);
    }
    if ((v = setting(env, "ES_SECRET_ARN")) != null) {
      b.secretArn(v);
    }
    if ((v = setting(env, "ES_AWS_SERVICE")) != null) {
      b.awsService(v);
    }
    if ((v = setting(env, "AWS_REGION")) != null) {
      b.region(v);
    }
    if ((v = setting(env, "ES_BULK_MAX_BYTES")) != null) {
      b.maxBatchBytes(integer("ES_BULK_MAX_BYTES", v));
    }
    if ((v = setting(env, "ES_BULK_MAX_DOCUMENTS")) != null) {
      b.maxBatchDocuments(integer("ES_BULK_MAX_DOCUMENTS", v));
    }
    if ((v = setting(env, "ES_REQUEST_TIMEOUT_MS")) != null) {
      b.requestTimeout(millis("ES_REQUEST_TIMEOUT_MS", v));
    }
    if ((v = setting(env, "ES_CONNECT_TIMEOUT_MS")) != null) {
      b.connectTimeout(millis("ES_CONNECT_TIMEOUT_MS", v));
    }
    if ((v = setting(env, "SHIPPER_SAFETY_MARGIN_MS")) != null) {
      b.safetyMargin(millis("SHIPPER_SAFETY_MARGIN_MS", v));
    }
    if ((v = setting(env, "ES_RETRY_BASE_MS")) != null) {
      b.retryBaseDelay(millis("ES_RETRY_BASE_MS", v));
    }
    if ((v = setting(env, "ES_RETRY_MAX_MS")) != null) {
      b.retryMaxDelay(millis("ES_RETRY_MAX_MS", v));
    }
    if ((v = setting(env, "ES_INSTALL_TEMPLATE")) != null) {
      b.installTemplates(bool("ES_INSTALL_TEMPLATE", v));
    }
    if ((v = setting(env, "ES_GZIP_LEVEL")) != null) {
      b.gzipLevel(integer("ES_GZIP_LEVEL", v));
    }
    if ((v = setting(env, "JSON_MAPPING")) != null) {
      b.jsonMapping(v);
    }
    b.filter(
        env.get("FILTER_INCLUDE"),
        env.get("FILTER_EXCLUDE"),
        blankToNull(env.get("FILTER_MIN_LEVEL")));
    b.redact(blankToNull(env.get("REDACT_RULES")), env.get("REDACT_PATTERN"));
    if ((v = setting(env, "INDEX_ROUTES")) != null) {
      b.indexRoutes(v);
    }
    if ((v = setting(env, "INDEX_TAG_ROUTES")) != null) {
      b.indexTagRoutes(v);
    }
    b.tls(
        blankToNull(env.get("ES_CA_FILE")),
        blankToNull(env.get("ES_CA_PEM")),
        blankToNull(env.get("ES_CA_FINGERPRINT")));
    if ((v = setting(env, "TAGS_ENRICH")) != null) {
      b.enrichTags(bool("TAGS_ENRICH", v));
    }
    if ((v = setting(env, "TAGS_TTL_SECONDS")) != null) {
      b.tagsTtl(Duration.ofSeconds(integer("TAGS_TTL_SECONDS", v)));
    }
    if ((v = setting(env, "TAGS_MAX_LOOKUPS_PER_MINUTE")) != null) {
      b.tagLookupsPerMinute(integer("TAGS_MAX_LOOKUPS_PER_MINUTE", v));
    }
    return b.build();
  }

  /** The cluster's base URL. */
  public URI endpoint() {
    return endpoint;
  }

  String indexPrefix() {
    return indexPrefix;
  }

  boolean dataStream() {
    return dataStream;
  }

  Auth auth() {
    return auth;
  }

  String username() {
    return username;
  }

  String password() {
    return password;
  }

  String apiKey() {
    return apiKey;
  }

  /**
   * The Secrets Manager secret holding the basic or api-key credentials; null when they are given
   * directly.
   */
  String secretArn() {
    return secretArn;
  }

  String awsService() {
    return awsService;
  }

  String region() {
    return region;
  }

  BatchLimits limits() {
    return limits;
  }

  Duration connectTimeout() {
    return connectTimeout;
  }

  Duration safetyMargin() {
    return safetyMargin;
  }

  RetryPolicy retryPolicy() {
    return new RetryPolicy(retryBaseDelay, retryMaxDelay, requestTimeout);
  }

  boolean installTemplates() {
    return installTemplates;
  }

  int gzipLevel() {
    return gzipLevel;
  }

  /** The configured mapping of application JSON, or null to ask the cluster ({@code auto}). */
  JsonMapping jsonMapping() {
    return jsonMapping;
  }

  /** A new filter from {@code FILTER_*} (checked in {@link Builder#build()}). */
  EventFilter newFilter() {
    return EventFilter.of(filter[0], filter[1], filter[2]);
  }

  /**
   * The index router of {@code INDEX_TAG_ROUTES} and {@code INDEX_ROUTES} around the default {@code
   * names}.
   */
  IndexRouter newRouter(IndexNames names) {
    return IndexRouter.of(routes, tagRoutes, names);
  }

  /** The TLS trust of {@code ES_CA_*}, or null for the JVM's defaults. */
  javax.net.ssl.SSLContext sslContext() {
    return sslContext;
  }

  /**
   * The tag enricher of {@code TAGS_*} around {@code lookup}, or {@link TagEnricher#NONE}. Tag
   * routes ({@code INDEX_TAG_ROUTES}) need the lookups too: then it looks tags up, and adds labels
   * only with {@code TAGS_ENRICH=true}.
   */
  TagEnricher newTagEnricher(TagEnricher.Lookup lookup) {
    boolean routesByTag = tagRoutes != null && !tagRoutes.isBlank();
    return enrichTags || routesByTag
        ? new TagEnricher(
            lookup, tagsTtl, tagLookupsPerMinute, java.time.Clock.systemUTC(), enrichTags)
        : TagEnricher.NONE;
  }

  /**
   * A new redactor from {@code REDACT_RULES} and {@code REDACT_PATTERN} (checked in {@link
   * Builder#build()}).
   */
  Redactor newRedactor() {
    return Redactor.of(redact[0], redact[1]);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  @Override
  public String toString() {
    return "ShipperConfig[endpoint="
        + endpoint.getScheme()
        + "://"
        + endpoint.getHost()
        + ", indexPrefix="
        + indexPrefix
        + ", dataStream="
        + dataStream
        + ", auth="
        + auth
        + ", limits="
        + limits
        + "]";
  }

  /** The stripped value of {@code name}, or null when it is unset or blank. */
  private static String setting(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static URI parseUri(String name, String value) {
    try {
      URI uri = URI.create(value.strip());
      if ((!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new ConfigException(
            name + " must be an http(s) URL with a host: " + uri.getScheme() + "://...");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(name + " is not a URL");
    }
  }

  private static Auth parseAuth(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "none" -> Auth.NONE;
      case "basic" -> Auth.BASIC;
      case "api-key", "apikey", "api_key" -> Auth.API_KEY;
      case "aws-sigv4", "sigv4", "aws" -> Auth.AWS_SIGV4;
      default ->
          throw new ConfigException("ES_AUTH must be none, basic, api-key or aws-sigv4: " + value);
    };
  }

  private static boolean bool(String name, String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw new ConfigException(name + " must be true or false: " + value);
    };
  }

  private static int integer(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new ConfigException(name + " must be an integer: " + value);
    }
  }

  private static Duration millis(String name, String value) {
    return Duration.ofMillis(integer(name, value));
  }

  /** Builds a {@link ShipperConfig}; {@link #build()} checks that the values fit together. */
  public static final class Builder {
    private URI endpoint;
    private String indexPrefix = "logs-lambda";
    private boolean dataStream;
    private Auth auth = Auth.NONE;
    private String username;
    private String password;
    private String apiKey;
    private String secretArn;
    private String awsService = "es";
    private String region;
    private int maxBatchBytes = 5 * 1024 * 1024;
    private int maxBatchDocuments = 5000;
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration safetyMargin = Duration.ofSeconds(3);
    private Duration retryBaseDelay = Duration.ofMillis(200);
    private Duration retryMaxDelay = Duration.ofSeconds(5);
    private boolean installTemplates = true;
    private int gzipLevel = Gzip.DEFAULT_LEVEL;
    private JsonMapping jsonMapping;
    private String[] filter = new String[3];
    private String[] redact = new String[2];
    private String routes;
    private String tagRoutes;
    private boolean enrichTags;
    private Duration tagsTtl = Duration.ofMinutes(5);
    private int tagLookupsPerMinute = 60;
    private String[] tls = new String[3];

    private Builder() {}

    /** The cluster's base URL, e.g. {@code https://search-x.eu-west-1.es.amazonaws.com}. */
    public Builder endpoint(URI endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint == null");
      return this;
    }

    /**
     * Daily indices are {@code <prefix>-yyyy.MM.dd}; dead letters {@code
     * <prefix>-failed-yyyy.MM.dd}.
     */
    public Builder indexPrefix(String indexPrefix) {
      this.indexPrefix = Objects.requireNonNull(indexPrefix, "indexPrefix == null");
      return this;
    }

    /**
     * Writes to the data stream named by the prefix with {@code create} (409 counts as indexed).
     */
    public Builder dataStream(boolean dataStream) {
      this.dataStream = dataStream;
      return this;
    }

    /** The authentication kind; its credentials are set with the methods below. */
    public Builder auth(Auth auth) {
      this.auth = Objects.requireNonNull(auth, "auth == null");
      return this;
    }

    /** The basic-auth user. */
    public Builder username(String username) {
      this.username = username;
      return this;
    }

    /** The basic-auth password. */
    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /** The encoded Elastic API key. */
    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    /**
     * A Secrets Manager secret ARN with the basic ({@code username}, {@code password}) or api-key
     * ({@code apiKey}) credentials, read at run time instead of {@link #username}/{@link
     * #password}/{@link #apiKey}.
     */
    public Builder secretArn(String secretArn) {
      this.secretArn = secretArn;
      return this;
    }

    /**
     * The SigV4 signing name: {@code es} (Amazon OpenSearch Service) or {@code aoss} (Serverless).
     */
    public Builder awsService(String awsService) {
      this.awsService = Objects.requireNonNull(awsService, "awsService == null");
      return this;
    }

    /** The AWS region: SigV4 signing and the documents' {@code cloud.region}. */
    public Builder region(String region) {
      this.region = region;
      return this;
    }

    /** The most NDJSON bytes in one {@code _bulk} request (default 5 MiB). */
    public Builder maxBatchBytes(int maxBatchBytes) {
      this.maxBatchBytes = maxBatchBytes;
      return this;
    }

    /** The most documents in one {@code _bulk} request (default 5000). */
    public Builder maxBatchDocuments(int maxBatchDocuments) {
      this.maxBatchDocuments = maxBatchDocuments;
      return this;
    }

    /** The longest one request may take (default 30 s; less when the invocation has less time). */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout == null");
      return this;
    }

    /** The longest a TCP/TLS connect may take (default 5 s). */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout == null");
      return this;
    }

    /** Time kept back from the invocation's remaining time, to fail it cleanly (default 3 s). */
    public Builder safetyMargin(Duration safetyMargin) {
      this.safetyMargin = Objects.requireNonNull(safetyMargin, "safetyMargin == null");
      return this;
    }

    /** The first retry delay ceiling (default 200 ms); it doubles each round. */
    public Builder retryBaseDelay(Duration retryBaseDelay) {
      this.retryBaseDelay = Objects.requireNonNull(retryBaseDelay, "retryBaseDelay == null");
      return this;
    }

    /** The largest retry delay (default 5 s). */
    public Builder retryMaxDelay(Duration retryMaxDelay) {
      this.retryMaxDelay = Objects.requireNonNull(retryMaxDelay, "retryMaxDelay == null");
      return this;
    }

    /** Whether the shipper puts its index templates before its first request (default true). */
    public Builder installTemplates(boolean installTemplates) {
      this.installTemplates = installTemplates;
      return this;
    }

    /**
     * The gzip level of {@code _bulk} bodies: 1 (fastest, the default) to 9 (smallest), or 0 to
     * send them uncompressed (less CPU, more bytes on the wire).
     */
    public Builder gzipLevel(int gzipLevel) {
      this.gzipLevel = gzipLevel;
      return this;
    }

    /**
     * How application JSON is mapped: {@code auto} (default: ask the cluster with {@code GET /}),
     * {@code flat_object} (OpenSearch 2.7+), {@code flattened} (Elasticsearch 7.3+ with x-pack) or
     * {@code key_value} (any cluster).
     */
    public Builder jsonMapping(String jsonMapping) {
      this.jsonMapping =
          JsonMapping.parse(Objects.requireNonNull(jsonMapping, "jsonMapping == null"));
      return this;
    }

    /**
     * Ships only application lines whose message contains {@code include} (a regex, or null), does
     * not contain {@code exclude}, and whose level is at least {@code minLevel} (TRACE … FATAL, or
     * null). Lambda's own records are always shipped.
     */
    public Builder filter(String include, String exclude, String minLevel) {
      this.filter = new String[] {emptyToNull(include), emptyToNull(exclude), minLevel};
      return this;
    }

    /**
     * Redacts with the built-in rules listed in {@code rules} ({@code
     * email,card,aws_key,jwt,bearer} or {@code all}; null for none) and the regex {@code pattern}
     * (or null).
     */
    public Builder redact(String rules, String pattern) {
      this.redact = new String[] {rules, emptyToNull(pattern)};
      return this;
    }

    /**
     * Index routing rules: {@code <log group glob>=<prefix>} separated by {@code ;}, first match
     * wins, e.g. {@code /aws/lambda/payments-*=logs-payments}; other groups keep the index prefix.
     */
    public Builder indexRoutes(String routes) {
      this.routes = routes;
      return this;
    }

    /**
     * Index routing by tag: {@code <tag key>=<tag value glob>=<prefix>} separated by {@code ;},
     * tried before the name rules, e.g. {@code team=payments=logs-payments}. Tags are those of the
     * log group and its function, looked up and cached as for {@link #enrichTags}; a group whose
     * tags cannot be looked up goes by the name rules or to the index prefix (counted).
     */
    public Builder indexTagRoutes(String tagRoutes) {
      this.tagRoutes = tagRoutes;
      return this;
    }

    /**
     * Trust for a self-managed cluster: a PEM CA bundle from {@code caFile} or the text {@code
     * caPem}, and/or the SHA-256 {@code fingerprint} one certificate of the server's chain must
     * have.
     */
    public Builder tls(String caFile, String caPem, String fingerprint) {
      this.tls = new String[] {caFile, caPem, fingerprint};
      return this;
    }

    /** Adds the log group's and function's tags as {@code labels.*} (default false). */
    public Builder enrichTags(boolean enrichTags) {
      this.enrichTags = enrichTags;
      return this;
    }

    /** How long looked-up tags are kept (default 5 minutes). */
    public Builder tagsTtl(Duration tagsTtl) {
      this.tagsTtl = Objects.requireNonNull(tagsTtl, "tagsTtl == null");
      return this;
    }

    /** The most tag lookups started in any minute (default 60). */
    public Builder tagLookupsPerMinute(int tagLookupsPerMinute) {
      this.tagLookupsPerMinute = tagLookupsPerMinute;
      return this;
    }

    private static String emptyToNull(String value) {
      return value == null || value.isEmpty() ? null : value;
    }

    /** Checks the values; throws {@link ConfigException} naming the first bad one. */
    public ShipperConfig build() {
      if (endpoint == null) {
        throw new ConfigException("endpoint is not set");
      }
      if (!PREFIX.matcher(indexPrefix).matches()) {
        throw new ConfigException(
            "index prefix must be lower case letters, digits, '.', '_' or '-': " + indexPrefix);
      }
      switch (auth) {
        case BASIC ->
            require(
                (username != null && password != null) || secretArn != null,
                "basic auth needs ES_USERNAME and ES_PASSWORD, or ES_SECRET_ARN");
        case API_KEY ->
            require(
                apiKey != null || secretArn != null,
                "api-key auth needs ES_API_KEY, or ES_SECRET_ARN");
        case AWS_SIGV4 -> {
          require(
              awsService.equals("es") || awsService.equals("aoss"),
              "ES_AWS_SERVICE must be es or aoss: " + awsService);
          require(region != null, "aws-sigv4 auth needs AWS_REGION");
        }
        default -> {}
      }
      EventFilter.of(filter[0], filter[1], filter[2]);
      Redactor.of(redact[0], redact[1]);
      IndexRouter.of(routes, tagRoutes, new IndexNames(indexPrefix, dataStream));
      require(tls[0] == null || tls[1] == null, "set ES_CA_FILE or ES_CA_PEM, not both");
      require(
          !tagsTtl.isNegative() && !tagsTtl.isZero(),
          "TAGS_TTL_SECONDS must be positive: " + tagsTtl.toSeconds());
      require(
          tagLookupsPerMinute >= 1,
          "TAGS_MAX_LOOKUPS_PER_MINUTE must be positive: " + tagLookupsPerMinute);
      require(
          secretArn == null || auth == Auth.BASIC || auth == Auth.API_KEY,
          "ES_SECRET_ARN is read only with basic or api-key auth, not " + auth);
      require(maxBatchBytes >= 1024, "ES_BULK_MAX_BYTES must be at least 1024: " + maxBatchBytes);
      require(
          maxBatchDocuments >= 1, "ES_BULK_MAX_DOCUMENTS must be positive: " + maxBatchDocuments);
      require(
          gzipLevel >= 0 && gzipLevel <= 9,
          "ES_GZIP_LEVEL must be 0 (no compression) to 9: " + gzipLevel);
      require(
          !requestTimeout.isNegative() && !requestTimeout.isZero(),
          "the request timeout must be positive");
      require(!safetyMargin.isNegative(), "the safety margin must not be negative");
      require(
          !retryBaseDelay.isNegative() && retryMaxDelay.compareTo(retryBaseDelay) >= 0,
          "retry delays must satisfy 0 <= base <= max");
      return new ShipperConfig(this);
    }

    private static void require(boolean condition, String message) {
      if (!condition) {
        throw new ConfigException(message);
      }
    }
  }
}
