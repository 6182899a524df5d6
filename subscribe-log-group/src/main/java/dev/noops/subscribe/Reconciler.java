package dev.noops.subscribe;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Pages through the selected log groups and brings each to the wanted state, until done or until
 * the budget runs low, when it returns where to resume.
 */
final class Reconciler {
  private final GroupSubscriber subscriber;
  private final PacedLogs logs;

  Reconciler(GroupSubscriber subscriber, PacedLogs logs) {
    this.subscriber = subscriber;
    this.logs = logs;
  }

  /** What a pass did, and where to resume when it stopped early. */
  record Result(RunSummary summary, Optional<Cursor> resume) {}

  enum Mode {
    SUBSCRIBE,
    UNSUBSCRIBE
  }

  Result run(
      Mode mode, Cursor from, Budget budget, boolean dryRun, Consumer<GroupOutcome> listener) {
    Objects.requireNonNull(from, "from == null");
    List<String> prefixes = subscriber.selection().listingPrefixes();
    RunSummary summary = new RunSummary();
    boolean progressed = false;
    for (int p = from.prefixIndex(); p < prefixes.size(); p++) {
      String token = p == from.prefixIndex() ? from.pageToken() : null;
      String resumeAfter = p == from.prefixIndex() ? from.after() : null;
      do {
        PacedLogs.Page page = logs.listGroups(prefixes.get(p), token);
        String lastHandled = resumeAfter;
        for (LogGroupInfo group : page.groups()) {
          if (resumeAfter != null && group.name().compareTo(resumeAfter) <= 0) {
            continue;
          }
          // always handle one group per invocation, so a continuation chain cannot stall
          if (progressed && budget.exhausted()) {
            return new Result(summary, Optional.of(new Cursor(p, token, lastHandled)));
          }
          GroupOutcome outcome =
              mode == Mode.SUBSCRIBE
                  ? subscriber.subscribe(group, dryRun)
                  : subscriber.unsubscribe(group, dryRun);
          summary.add(outcome);
          listener.accept(outcome);
          lastHandled = group.name();
          progressed = true;
        }
        token = page.nextToken();
        resumeAfter = null;
      } while (token != null && !token.isEmpty());
    }
    return new Result(summary, Optional.empty());
  }
}
