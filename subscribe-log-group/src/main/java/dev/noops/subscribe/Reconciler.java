package dev.noops.subscribe;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Pages through the selected log groups and brings each to the wanted state, until done or until
 * the budget runs low (or a call meets the invocation's deadline), when it returns where to resume.
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
        String lastHandled = resumeAfter;
        PacedLogs.Page page;
        try {
          page = logs.listGroups(prefixes.get(p), token);
        } catch (DeadlineReached e) {
          return new Result(summary, Optional.of(new Cursor(p, token, lastHandled)));
        }
        for (LogGroupInfo group : page.groups()) {
          if (resumeAfter != null && group.name().compareTo(resumeAfter) <= 0) {
            continue;
          }
          // always handle one group per invocation, so a continuation chain cannot stall
          if (progressed && budget.exhausted()) {
            return new Result(summary, Optional.of(new Cursor(p, token, lastHandled)));
          }
          GroupOutcome outcome;
          try {
            outcome =
                mode == Mode.SUBSCRIBE
                    ? subscriber.subscribe(group, dryRun)
                    : subscriber.unsubscribe(group, dryRun);
          } catch (DeadlineReached e) {
            if (progressed) {
              // not reported: the next invocation starts with this group again (each step reads
              // before it writes, so what this one did is found done, not done twice)
              return new Result(summary, Optional.of(new Cursor(p, token, lastHandled)));
            }
            // the first group of the invocation used all of its time: report it failed and move
            // on, so a chain always progresses; the next scheduled reconcile tries it again
            outcome = GroupOutcome.of(group.name(), Action.FAILED, e.getMessage());
          }
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
