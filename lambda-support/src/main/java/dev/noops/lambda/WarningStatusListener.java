package dev.noops.lambda;

import ch.qos.logback.core.Context;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;
import ch.qos.logback.core.status.StatusManager;
import java.io.PrintStream;

/**
 * Logback's own warnings and errors, printed to standard error as logback prints them when no
 * listener is registered, but without its status printer, whose time-stamp formatter loads the time
 * zone database at every cold start although there is seldom anything to print.
 */
final class WarningStatusListener implements StatusListener {
  private final PrintStream out;

  WarningStatusListener(PrintStream out) {
    this.out = out;
  }

  /** Registers a listener on {@code context}, printing the warnings already recorded first. */
  static void register(Context context, PrintStream out) {
    WarningStatusListener listener = new WarningStatusListener(out);
    StatusManager statuses = context.getStatusManager();
    statuses.getCopyOfStatusList().forEach(listener::addStatusEvent);
    statuses.add(listener);
  }

  @Override
  public void addStatusEvent(Status status) {
    if (status.getEffectiveLevel() >= Status.WARN) {
      out.println("logback " + status);
    }
  }

  @Override
  public boolean isResetResistant() {
    return true;
  }
}
