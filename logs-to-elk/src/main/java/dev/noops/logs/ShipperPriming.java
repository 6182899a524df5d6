package dev.noops.logs;

import org.crac.Context;
import org.crac.Resource;

/**
 * The shipper's SnapStart hook: before the snapshot, the parsing, serializing, gzip and signing paths
 * run once on a built-in sample ({@link Shipper#prime}) and the CloudWatch client is built, all without
 * a network call, so a restored environment starts with them loaded. After restore there is nothing
 * to refresh: no connection was opened and credentials are resolved per request.
 */
final class ShipperPriming implements Resource {
  private final Shipper shipper;
  private final MetricsListener metrics;

  ShipperPriming(Shipper shipper, MetricsListener metrics) {
    this.shipper = java.util.Objects.requireNonNull(shipper, "shipper == null");
    this.metrics = metrics;
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    shipper.prime();
    if (metrics != null) {
      metrics.prime();
    }
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    // nothing was opened or cached before the snapshot that a restored copy would need to renew
  }
}
