package dev.noops.local.dynamodb;

import java.util.List;

/**
 * A JVM that starts a managed child, prints the child's process ids, and waits to be killed (by
 * ManagedProcessTest).
 */
public final class ParentThatDies {
  private ParentThatDies() {}

  public static void main(String[] args) throws InterruptedException {
    ManagedProcess child = ManagedProcess.start("orphan-candidate", List.of("sleep", "300"));
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (child.pids().size() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    System.out.println("pids " + child.pids());
    System.out.flush();
    Thread.sleep(600_000);
  }
}
