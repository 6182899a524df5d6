package dev.noops.logs;

/**
 * What a replay did.
 *
 * @param found records or dead letters read
 * @param replayed events shipped again and indexed (same ids, so a second replay adds nothing)
 * @param failedAgain events the cluster still refused (dead-lettered again, their letters kept)
 * @param skipped records that cannot be replayed (unreadable input, no log group)
 * @param removed dead letters deleted because their event is now indexed
 */
public record ReplaySummary(int found, int replayed, int failedAgain, int skipped, int removed) {

  ReplaySummary plus(ReplaySummary other) {
    return new ReplaySummary(
        found + other.found,
        replayed + other.replayed,
        failedAgain + other.failedAgain,
        skipped + other.skipped,
        removed + other.removed);
  }
}
