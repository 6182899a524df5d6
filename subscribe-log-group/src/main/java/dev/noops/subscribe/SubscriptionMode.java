package dev.noops.subscribe;

import java.util.Locale;

/**
 * How log groups reach the destination: one filter per group, or CloudWatch Logs' one account-level
 * policy.
 */
public enum SubscriptionMode {
  /**
   * A subscription filter named by noops on each selected group (prefixes, regexes and tags
   * select).
   */
  PER_GROUP,
  /**
   * One {@code SUBSCRIPTION_FILTER_POLICY} account policy named by noops: every log group except
   * exact names (the destination's own and the configured exclusions); no filter slot, no backfill.
   */
  ACCOUNT_POLICY;

  /** Parses {@code per-group} or {@code account-policy}. */
  public static SubscriptionMode parse(String text) {
    return switch (text == null ? "" : text.strip().toLowerCase(Locale.ROOT)) {
      case "", "per-group" -> PER_GROUP;
      case "account-policy" -> ACCOUNT_POLICY;
      default ->
          throw new SubscribeException(
              "subscription mode must be per-group or account-policy: " + text);
    };
  }

  /** {@code per-group} or {@code account-policy}. */
  public String label() {
    return this == PER_GROUP ? "per-group" : "account-policy";
  }
}
