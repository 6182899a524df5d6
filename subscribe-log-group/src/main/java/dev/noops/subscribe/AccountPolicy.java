package dev.noops.subscribe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The {@code PutAccountPolicy} request of account-policy mode: policy type {@code
 * SUBSCRIPTION_FILTER_POLICY}, scope {@code ALL}, a policy document {@code {"DestinationArn",
 * "RoleArn"?, "FilterPattern", "Distribution"}} and the selection criteria {@code LogGroupName NOT
 * IN ["...", ...]} (the only criteria CloudWatch Logs takes for this policy type). The policy's
 * name is our filter name, so a policy of another name is never ours.
 *
 * @param policyName the policy's name (our filter name)
 * @param policyDocument the policy document, compact JSON
 * @param selectionCriteria {@code LogGroupName NOT IN [...]}, or null when nothing is excluded
 */
record AccountPolicy(String policyName, String policyDocument, String selectionCriteria) {
  static final String POLICY_TYPE = "SUBSCRIPTION_FILTER_POLICY";
  static final String SCOPE = "ALL";

  /**
   * Exclusions the selection criteria may list (CloudWatch Logs' limit for a subscription filter
   * policy).
   */
  static final int MAX_EXCLUDED_GROUPS = 50;

  /** The selection criteria's size limit, in UTF-8 bytes (25 KB). */
  static final int MAX_SELECTION_CRITERIA_BYTES = 25 * 1024;

  /** A policy document's size limit, in characters. */
  static final int MAX_POLICY_DOCUMENT_CHARS = 30_720;

  private static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z0-9_\\-/.#]{1,512}");
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The policy the settings ask for; throws {@link SubscribeException} naming the limit a setting
   * exceeds.
   */
  static AccountPolicy of(SubscribeSettings settings) {
    ObjectNode document =
        JSON.createObjectNode().put("DestinationArn", settings.destination().arn());
    settings.roleArn().ifPresent(role -> document.put("RoleArn", role));
    document.put("FilterPattern", settings.filterPattern());
    document.put("Distribution", settings.distribution().orElse("Random"));
    String policyDocument = document.toString();
    if (policyDocument.length() > MAX_POLICY_DOCUMENT_CHARS) {
      throw new SubscribeException(
          "the account policy document would have "
              + policyDocument.length()
              + " characters; CloudWatch Logs takes at most "
              + MAX_POLICY_DOCUMENT_CHARS);
    }
    return new AccountPolicy(settings.filterName(), policyDocument, criteria(excluded(settings)));
  }

  /**
   * The exact names the policy excludes, sorted: the protected groups and the configured
   * exclusions.
   */
  static List<String> excluded(SubscribeSettings settings) {
    TreeSet<String> names = new TreeSet<>(settings.protectedGroups());
    names.addAll(settings.excludeGroups());
    return List.copyOf(names);
  }

  private static String criteria(List<String> excluded) {
    if (excluded.isEmpty()) {
      return null;
    }
    if (excluded.size() > MAX_EXCLUDED_GROUPS) {
      throw new SubscribeException(
          "account-policy mode can exclude at most "
              + MAX_EXCLUDED_GROUPS
              + " log groups (the destination's own, the protected ones and EXCLUDE_LOG_GROUPS); "
              + excluded.size()
              + " are configured: use SubscriptionMode per-group for longer exclusion lists");
    }
    StringBuilder out = new StringBuilder("LogGroupName NOT IN [");
    for (int i = 0; i < excluded.size(); i++) {
      String name = excluded.get(i);
      if (!GROUP_NAME.matcher(name).matches()) {
        throw new SubscribeException(
            "not a log group name, cannot be excluded by the account policy: " + name);
      }
      out.append(i == 0 ? "" : ", ").append('"').append(name).append('"');
    }
    String criteria = out.append(']').toString();
    int bytes = criteria.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_SELECTION_CRITERIA_BYTES) {
      throw new SubscribeException(
          "the account policy's selection criteria would be "
              + bytes
              + " bytes; CloudWatch Logs takes at most "
              + MAX_SELECTION_CRITERIA_BYTES
              + ": exclude fewer log groups");
    }
    return criteria;
  }

  /**
   * The request body as the CloudWatch Logs API reference names its fields (what {@code --dry-run}
   * prints).
   */
  String requestJson() {
    ObjectNode request =
        JSON.createObjectNode()
            .put("policyName", policyName)
            .put("policyDocument", policyDocument)
            .put("policyType", POLICY_TYPE);
    if (selectionCriteria != null) {
      request.put("selectionCriteria", selectionCriteria);
    }
    return request.put("scope", SCOPE).toString();
  }

  /**
   * Whether a policy CloudWatch Logs describes is this one (documents compared as JSON, not as
   * text).
   */
  boolean sameAs(DescribedPolicy existing) {
    try {
      return JSON.readTree(policyDocument).equals(JSON.readTree(existing.policyDocument()))
          && java.util.Objects.equals(selectionCriteria, blankToNull(existing.selectionCriteria()));
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }
}
