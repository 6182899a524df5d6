package dev.noops.subscribe;

/** Whether the time of this invocation is running out. */
@FunctionalInterface
interface Budget {
  /** A budget that never runs out (the CLI). */
  Budget UNLIMITED = () -> false;

  boolean exhausted();
}
