package dev.noops.subscribe;

/**
 * What happened to (or, in a dry run, would happen to) noops's account-level subscription policy.
 */
public enum PolicyAction {
  /** The policy was put: it was missing or differed. */
  PUT,
  /** The policy in place is the wanted one. */
  UNCHANGED,
  /** Our policy was removed (switching to per-group mode, or Delete with UNSUBSCRIBE_ON_DELETE). */
  REMOVED,
  /** There was no policy of ours to remove. */
  ABSENT
}
