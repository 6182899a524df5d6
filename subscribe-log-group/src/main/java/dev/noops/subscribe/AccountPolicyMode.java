package dev.noops.subscribe;

import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts or removes noops's account-level subscription filter policy, and nothing else: a policy of
 * another name is someone else's and is never changed (and, as CloudWatch Logs allows one per
 * account, it makes account-policy mode refuse).
 */
final class AccountPolicyMode {
  private static final Logger LOG = LoggerFactory.getLogger(AccountPolicyMode.class);

  private final SubscribeSettings settings;
  private final PacedLogs logs;

  AccountPolicyMode(SubscribeSettings settings, PacedLogs logs) {
    this.settings = settings;
    this.logs = logs;
  }

  /** Puts the wanted policy unless it is in place; with {@code dryRun} only reads. */
  PolicyAction apply(boolean dryRun) {
    AccountPolicy wanted = AccountPolicy.of(settings);
    List<DescribedPolicy> existing = logs.subscriptionPolicies();
    Optional<String> foreign =
        existing.stream()
            .map(p -> p.policyName())
            .filter(name -> !wanted.policyName().equals(name))
            .findFirst();
    if (foreign.isPresent()) {
      throw new SubscribeException(
          "the account already has a subscription filter policy that noops did not create ("
              + foreign.get()
              + "); CloudWatch Logs allows one per account: remove it, or use SubscriptionMode"
              + " per-group");
    }
    boolean current = existing.stream().anyMatch(wanted::sameAs);
    if (current) {
      return PolicyAction.UNCHANGED;
    }
    if (!dryRun) {
      logs.putAccountPolicy(wanted);
      LOG.atInfo()
          .setMessage("account subscription policy put")
          .addKeyValue("policyName", wanted.policyName())
          .addKeyValue("excluded", AccountPolicy.excluded(settings).size())
          .log();
    }
    return PolicyAction.PUT;
  }

  /** Removes our policy if there is one; with {@code dryRun} only reads. */
  PolicyAction remove(boolean dryRun) {
    boolean ours =
        logs.subscriptionPolicies().stream()
            .anyMatch(p -> settings.filterName().equals(p.policyName()));
    if (!ours) {
      return PolicyAction.ABSENT;
    }
    if (!dryRun) {
      logs.deleteAccountPolicy(settings.filterName());
      LOG.atInfo()
          .setMessage("account subscription policy removed")
          .addKeyValue("policyName", settings.filterName())
          .log();
    }
    return PolicyAction.REMOVED;
  }
}
