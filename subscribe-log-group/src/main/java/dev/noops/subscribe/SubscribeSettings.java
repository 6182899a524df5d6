package dev.noops.subscribe;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What to subscribe, to where, and how fast. Build with {@link #builder()} or read the Lambda's
 * environment with {@link #fromEnvironment(Map)}; {@link Builder#build()} validates everything.
 */
public final class SubscribeSettings {
  /** The filter name used when none is configured; a group's filter of this name is ours. */
  public static final String DEFAULT_FILTER_NAME = "noops-shipper";

  /** The include prefix used when none is configured. */
  public static final String DEFAULT_PREFIX = "/aws/lambda/";

  /**
   * CloudWatch Logs calls per second of each operation when no rate is configured (the documented
   * TPS quota of the subscription-filter operations).
   */
  public static final double DEFAULT_REQUESTS_PER_SECOND = 5.0;

  private final Destination destination;
  private final String roleArn;
  private final String filterName;
  private final String filterPattern;
  private final String distribution;
  private final List<String> includePrefixes;
  private final List<String> excludePrefixes;
  private final Pattern excludeRegex;
  private final Pattern includeRegex;
  private final Set<String> excludeGroups;
  private final boolean allIncludeTags;
  private final SubscriptionMode mode;
  private final List<TagMatch> includeTags;
  private final List<TagMatch> excludeTags;
  private final Integer retentionDays;
  private final boolean forceRetention;
  private final double requestsPerSecond;
  private final Set<String> protectedGroups;
  private final boolean unsubscribeOnDelete;

  private SubscribeSettings(Builder b, Destination destination) {
    this.destination = destination;
    this.roleArn = b.roleArn;
    this.filterName = b.filterName;
    this.filterPattern = b.filterPattern;
    this.distribution = b.distribution;
    this.mode = b.mode;
    // the account policy covers every group: its sweep for our old per-group filters lists them all
    List<String> defaultPrefixes =
        b.mode == SubscriptionMode.ACCOUNT_POLICY ? List.of("*") : List.of(DEFAULT_PREFIX);
    this.includePrefixes =
        List.copyOf(b.includePrefixes.isEmpty() ? defaultPrefixes : b.includePrefixes);
    this.excludePrefixes = List.copyOf(b.excludePrefixes);
    this.excludeRegex = b.excludeRegex == null ? null : compile(b.excludeRegex, "exclude");
    this.includeRegex = b.includeRegex == null ? null : compile(b.includeRegex, "include");
    this.excludeGroups = Set.copyOf(b.excludeGroups);
    this.allIncludeTags = b.allIncludeTags;
    this.includeTags = TagMatch.parseAll(b.includeTags, "include tag");
    this.excludeTags = TagMatch.parseAll(b.excludeTags, "exclude tag");
    this.retentionDays = b.retentionDays;
    this.forceRetention = b.forceRetention;
    this.requestsPerSecond = b.requestsPerSecond;
    Set<String> guarded = new LinkedHashSet<>(b.protectedGroups);
    destination.ownLogGroup().ifPresent(guarded::add);
    this.protectedGroups = Set.copyOf(guarded);
    this.unsubscribeOnDelete = b.unsubscribeOnDelete;
  }

  /** A new builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Settings from environment variables: {@code DESTINATION_ARN} (required), {@code ROLE_ARN},
   * {@code FILTER_NAME}, {@code FILTER_PATTERN}, {@code DISTRIBUTION}, {@code INCLUDE_PREFIXES},
   * {@code EXCLUDE_PREFIXES}, {@code EXCLUDE_REGEX}, {@code INCLUDE_TAGS}, {@code EXCLUDE_TAGS},
   * {@code RETENTION_DAYS}, {@code RETENTION_FORCE}, {@code REQUESTS_PER_SECOND}, {@code
   * PROTECTED_LOG_GROUPS}, {@code UNSUBSCRIBE_ON_DELETE}, {@code SUBSCRIPTION_MODE} ({@code
   * per-group} or {@code account-policy}), {@code EXCLUDE_LOG_GROUPS} (exact names), {@code
   * INCLUDE_REGEX}, {@code TAG_MATCH} ({@code any} or {@code all}), and Lambda's own {@code
   * AWS_LAMBDA_LOG_GROUP_NAME} (never subscribed). Lists are comma separated.
   */
  public static SubscribeSettings fromEnvironment(Map<String, String> env) {
    // plain statements, not Optional chains and method references: each of those is a class the
    // JVM generates at init, and this runs on every cold start
    Builder b =
        builder()
            .destinationArn(env.get("DESTINATION_ARN"))
            .roleArn(blankToNull(env.get("ROLE_ARN")));
    String filterName = blankToNull(env.get("FILTER_NAME"));
    if (filterName != null) {
      b.filterName(filterName);
    }
    if (env.get("FILTER_PATTERN") != null) {
      b.filterPattern(env.get("FILTER_PATTERN"));
    }
    String distribution = blankToNull(env.get("DISTRIBUTION"));
    if (distribution != null) {
      b.distribution(distribution);
    }
    for (String prefix : csv(env.get("INCLUDE_PREFIXES"))) {
      b.includePrefix(prefix);
    }
    for (String prefix : csv(env.get("EXCLUDE_PREFIXES"))) {
      b.excludePrefix(prefix);
    }
    String excludeRegex = blankToNull(env.get("EXCLUDE_REGEX"));
    if (excludeRegex != null) {
      b.excludeRegex(excludeRegex);
    }
    for (String tag : csv(env.get("INCLUDE_TAGS"))) {
      b.includeTag(tag);
    }
    for (String tag : csv(env.get("EXCLUDE_TAGS"))) {
      b.excludeTag(tag);
    }
    String retentionDays = blankToNull(env.get("RETENTION_DAYS"));
    if (retentionDays != null) {
      b.retentionDays(integer("RETENTION_DAYS", retentionDays));
    }
    b.forceRetention(Boolean.parseBoolean(env.getOrDefault("RETENTION_FORCE", "false").strip()));
    String requestsPerSecond = blankToNull(env.get("REQUESTS_PER_SECOND"));
    if (requestsPerSecond != null) {
      b.requestsPerSecond(decimal("REQUESTS_PER_SECOND", requestsPerSecond));
    }
    for (String group : csv(env.get("PROTECTED_LOG_GROUPS"))) {
      b.protectedGroup(group);
    }
    String ownGroup = blankToNull(env.get("AWS_LAMBDA_LOG_GROUP_NAME"));
    if (ownGroup != null) {
      b.protectedGroup(ownGroup);
    }
    b.unsubscribeOnDelete(
        Boolean.parseBoolean(env.getOrDefault("UNSUBSCRIBE_ON_DELETE", "false").strip()));
    b.mode(SubscriptionMode.parse(env.get("SUBSCRIPTION_MODE")));
    for (String group : csv(env.get("EXCLUDE_LOG_GROUPS"))) {
      b.excludeGroup(group);
    }
    String includeRegex = blankToNull(env.get("INCLUDE_REGEX"));
    if (includeRegex != null) {
      b.includeRegex(includeRegex);
    }
    b.allIncludeTags(tagMatch(env.get("TAG_MATCH")));
    return b.build();
  }

  /** Where subscribed groups deliver to. */
  public Destination destination() {
    return destination;
  }

  /** The role CloudWatch Logs assumes for Kinesis/Firehose; empty for Lambda. */
  public Optional<String> roleArn() {
    return Optional.ofNullable(roleArn);
  }

  /** Our filter's name; a group's filter of this name is ours. */
  public String filterName() {
    return filterName;
  }

  /** The filter pattern; empty delivers every line. */
  public String filterPattern() {
    return filterPattern;
  }

  /** {@code ByLogStream} or {@code Random}, Kinesis only; empty means the AWS default. */
  public Optional<String> distribution() {
    return Optional.ofNullable(distribution);
  }

  /** Name prefixes a group needs to be selected ({@code *}: every group). */
  public List<String> includePrefixes() {
    return includePrefixes;
  }

  /** Name prefixes that deselect a group. */
  public List<String> excludePrefixes() {
    return excludePrefixes;
  }

  /** A regex that deselects a group whose name it finds a match in. */
  public Optional<Pattern> excludeRegex() {
    return Optional.ofNullable(excludeRegex);
  }

  /** A regex a group's name must contain a match of to be selected. */
  public Optional<Pattern> includeRegex() {
    return Optional.ofNullable(includeRegex);
  }

  /** Exact log group names never subscribed (and excluded by the account policy). */
  public Set<String> excludeGroups() {
    return excludeGroups;
  }

  /**
   * Whether a group must carry every include tag (AND) rather than one of them (OR, the default).
   */
  public boolean allIncludeTags() {
    return allIncludeTags;
  }

  /** Per-group filters or one account-level policy. */
  public SubscriptionMode mode() {
    return mode;
  }

  /**
   * Tags of which a group must carry one, or all with {@link #allIncludeTags()} (none: no tag
   * condition).
   */
  public List<TagMatch> includeTags() {
    return includeTags;
  }

  /** Tags that deselect a group. */
  public List<TagMatch> excludeTags() {
    return excludeTags;
  }

  /** Whether selection needs each group's tags (one more call per group). */
  public boolean selectsByTags() {
    return !includeTags.isEmpty() || !excludeTags.isEmpty();
  }

  /** The retention to set where a group has none or a shorter one. */
  public Optional<Integer> retentionDays() {
    return Optional.ofNullable(retentionDays);
  }

  /** Whether a longer retention is shortened too. */
  public boolean forceRetention() {
    return forceRetention;
  }

  /** CloudWatch Logs calls per second of each operation, retries included. */
  public double requestsPerSecond() {
    return requestsPerSecond;
  }

  /**
   * Log groups never subscribed whatever the selection says: the destination's own and those
   * configured.
   */
  public Set<String> protectedGroups() {
    return protectedGroups;
  }

  /** Whether a custom resource Delete removes our filters. */
  public boolean unsubscribeOnDelete() {
    return unsubscribeOnDelete;
  }

  private static Pattern compile(String regex, String which) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new SubscribeException(which + " regex does not compile: " + e.getDescription(), e);
    }
  }

  private static boolean tagMatch(String value) {
    String text = value == null ? "" : value.strip().toLowerCase(java.util.Locale.ROOT);
    return switch (text) {
      case "", "any" -> false;
      case "all" -> true;
      default -> throw new SubscribeException("TAG_MATCH must be any or all: " + value);
    };
  }

  static List<String> csv(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    List<String> items = new ArrayList<>();
    for (String item : value.split(",", -1)) {
      if (!item.isBlank()) {
        items.add(item.strip());
      }
    }
    return items;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static int integer(String name, String value) {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new SubscribeException(name + " is not a whole number: " + value, e);
    }
  }

  private static double decimal(String name, String value) {
    try {
      return Double.parseDouble(value.strip());
    } catch (NumberFormatException e) {
      throw new SubscribeException(name + " is not a number: " + value, e);
    }
  }

  /** Collects settings; {@link #build()} validates them. */
  public static final class Builder {
    private String destinationArn;
    private String roleArn;
    private String filterName = DEFAULT_FILTER_NAME;
    private String filterPattern = "";
    private String distribution;
    private final List<String> includePrefixes = new ArrayList<>();
    private final List<String> excludePrefixes = new ArrayList<>();
    private String excludeRegex;
    private String includeRegex;
    private final Set<String> excludeGroups = new LinkedHashSet<>();
    private boolean allIncludeTags;
    private SubscriptionMode mode = SubscriptionMode.PER_GROUP;
    private final List<String> includeTags = new ArrayList<>();
    private final List<String> excludeTags = new ArrayList<>();
    private Integer retentionDays;
    private boolean forceRetention;
    private double requestsPerSecond = DEFAULT_REQUESTS_PER_SECOND;
    private final Set<String> protectedGroups = new LinkedHashSet<>();
    private boolean unsubscribeOnDelete;

    private Builder() {}

    /** The destination ARN (required). */
    public Builder destinationArn(String arn) {
      this.destinationArn = arn;
      return this;
    }

    /** The role for Kinesis and Firehose destinations (required for them, dropped for Lambda). */
    public Builder roleArn(String arn) {
      this.roleArn = arn;
      return this;
    }

    /** Our filter's name (default {@value SubscribeSettings#DEFAULT_FILTER_NAME}). */
    public Builder filterName(String name) {
      this.filterName = name;
      return this;
    }

    /** The filter pattern; empty (the default) delivers every line. */
    public Builder filterPattern(String pattern) {
      this.filterPattern = pattern;
      return this;
    }

    /** {@code ByLogStream} or {@code Random}, Kinesis only. */
    public Builder distribution(String distribution) {
      this.distribution = distribution;
      return this;
    }

    /** Adds an include prefix; {@code *} includes every group. Default {@code /aws/lambda/}. */
    public Builder includePrefix(String prefix) {
      this.includePrefixes.add(Objects.requireNonNull(prefix, "prefix == null"));
      return this;
    }

    /** Adds an exclude prefix. */
    public Builder excludePrefix(String prefix) {
      this.excludePrefixes.add(Objects.requireNonNull(prefix, "prefix == null"));
      return this;
    }

    /** A Java regex that excludes the names it finds a match in. */
    public Builder excludeRegex(String regex) {
      this.excludeRegex = regex;
      return this;
    }

    /** A Java regex a group's name must contain a match of to be selected. */
    public Builder includeRegex(String regex) {
      this.includeRegex = regex;
      return this;
    }

    /** Adds an exact log group name never to subscribe (the account policy excludes it too). */
    public Builder excludeGroup(String group) {
      this.excludeGroups.add(Objects.requireNonNull(group, "group == null"));
      return this;
    }

    /** Whether a group must carry every include tag (true) or one of them (false, the default). */
    public Builder allIncludeTags(boolean all) {
      this.allIncludeTags = all;
      return this;
    }

    /** Per-group filters (the default) or one account-level subscription filter policy. */
    public Builder mode(SubscriptionMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode == null");
      return this;
    }

    /** Adds a tag a group must carry to be selected: {@code key} or {@code key=value}. */
    public Builder includeTag(String tag) {
      this.includeTags.add(tag);
      return this;
    }

    /** Adds a tag that deselects a group: {@code key} or {@code key=value}. */
    public Builder excludeTag(String tag) {
      this.excludeTags.add(tag);
      return this;
    }

    /** The retention in days (a value AWS accepts), or null for none. */
    public Builder retentionDays(Integer days) {
      this.retentionDays = days;
      return this;
    }

    /** Allows shortening an existing longer (or unlimited) retention. */
    public Builder forceRetention(boolean force) {
      this.forceRetention = force;
      return this;
    }

    /** CloudWatch Logs calls per second of each operation (default 5). */
    public Builder requestsPerSecond(double rate) {
      this.requestsPerSecond = rate;
      return this;
    }

    /** Adds a log group never to subscribe. */
    public Builder protectedGroup(String group) {
      this.protectedGroups.add(Objects.requireNonNull(group, "group == null"));
      return this;
    }

    /** Whether a custom resource Delete removes our filters. */
    public Builder unsubscribeOnDelete(boolean unsubscribe) {
      this.unsubscribeOnDelete = unsubscribe;
      return this;
    }

    /**
     * Validates and returns the settings; throws {@link SubscribeException} naming the bad value.
     */
    public SubscribeSettings build() {
      if (destinationArn == null || destinationArn.isBlank()) {
        throw new SubscribeException(
            "destination ARN is required (DESTINATION_ARN / --destination)");
      }
      Destination destination = Destination.parse(destinationArn);
      if (destination.needsRole() && (roleArn == null || roleArn.isBlank())) {
        throw new SubscribeException(
            "a "
                + destination.kind()
                + " destination needs a role ARN (ROLE_ARN / --role-arn): "
                + destinationArn);
      }
      if (!destination.needsRole()) {
        roleArn =
            null; // AWS rejects a role for Lambda destinations ("cannot be used with roleArn")
      }
      if (filterName == null
          || filterName.isBlank()
          || filterName.length() > 512
          || filterName.contains(":")
          || filterName.contains("*")) {
        throw new SubscribeException(
            "filter name must be 1-512 characters without ':' or '*': " + filterName);
      }
      Objects.requireNonNull(filterPattern, "filter pattern == null");
      if (filterPattern.length() > 1024) {
        throw new SubscribeException(
            "filter pattern is longer than 1024 characters: " + filterPattern.length());
      }
      if (distribution != null
          && !distribution.equals("ByLogStream")
          && !distribution.equals("Random")) {
        throw new SubscribeException("distribution must be ByLogStream or Random: " + distribution);
      }
      if (distribution != null && destination.kind() != Destination.Kind.KINESIS) {
        throw new SubscribeException(
            "distribution applies to Kinesis destinations only: " + destinationArn);
      }
      if (retentionDays != null && !Retention.isAccepted(retentionDays)) {
        throw new SubscribeException(
            "retention days must be one of " + Retention.ACCEPTED_DAYS + ": " + retentionDays);
      }
      if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
        throw new SubscribeException(
            "requests per second must be a positive number: " + requestsPerSecond);
      }
      for (String prefix : includePrefixes) {
        if (prefix.isBlank()) {
          throw new SubscribeException("include prefix is blank");
        }
      }
      if (mode == SubscriptionMode.ACCOUNT_POLICY) {
        List<String> perGroupOnly = new ArrayList<>();
        if (!includePrefixes.isEmpty() && !includePrefixes.equals(List.of("*"))) {
          perGroupOnly.add("include prefixes");
        }
        if (!excludePrefixes.isEmpty()) {
          perGroupOnly.add("exclude prefixes");
        }
        if (excludeRegex != null || includeRegex != null) {
          perGroupOnly.add("regexes");
        }
        if (!includeTags.isEmpty() || !excludeTags.isEmpty()) {
          perGroupOnly.add("tags");
        }
        if (!perGroupOnly.isEmpty()) {
          throw new SubscribeException(
              "account-policy mode covers every log group except exact names (EXCLUDE_LOG_GROUPS /"
                  + " --exclude-group); "
                  + String.join(", ", perGroupOnly)
                  + " select per group: clear them or use per-group mode");
        }
      }
      SubscribeSettings settings = new SubscribeSettings(this, destination);
      if (mode == SubscriptionMode.ACCOUNT_POLICY) {
        AccountPolicy.of(settings); // refuses what CloudWatch Logs would refuse, before any call
      }
      return settings;
    }
  }
}
