package dev.noops.lambda;

import java.util.Map;
import java.util.Objects;
import org.crac.Core;
import org.crac.Resource;

/**
 * Registers a function's SnapStart priming hook, only in an execution environment that Lambda will
 * snapshot: {@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}. An on-demand or provisioned cold
 * start never checkpoints, and registering would cost it org.crac's bridge to the runtime (a
 * dynamic proxy class and its reflection, ~15 ms of the first answer).
 */
public final class SnapStartHook {
  private SnapStartHook() {}

  /**
   * Registers {@code resource} with the global CRaC context when {@code env} says this init will be
   * snapshotted; returns whether it did. The caller keeps a strong reference to {@code resource}:
   * the context holds it weakly.
   */
  public static boolean registerIfSnapshotted(Resource resource, Map<String, String> env) {
    Objects.requireNonNull(resource, "resource == null");
    if (!"snap-start".equals(env.get("AWS_LAMBDA_INITIALIZATION_TYPE"))) {
      return false;
    }
    Core.getGlobalContext().register(resource);
    return true;
  }
}
