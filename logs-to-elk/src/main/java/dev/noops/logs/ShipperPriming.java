package dev.noops.logs;

import org.crac.Context;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shipper's SnapStart hook: before the snapshot, the parsing, serializing, gzip and signing
 * paths run once on a built-in sample ({@link Shipper#prime}) and the CloudWatch client is built,
 * all without a network call, so a restored environment starts with them loaded. After restore
 * there is nothing to refresh: no connection was opened and credentials are resolved per request.
 */
final class ShipperPriming implements Resource {
  private static final Logger LOG = LoggerFactory.getLogger(ShipperPriming.class);

  private final Shipper shipper;
  private final MetricsListener metrics;

  ShipperPriming(Shipper shipper, MetricsListener metrics) {
    this.shipper = java.util.Objects.requireNonNull(shipper, "shipper == null");
    this.metrics = metrics;
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    long started = System.nanoTime();
    shipper.prime();
    if (metrics != null) {
      metrics.prime();
    }
    LOG.info(
        "SnapStart priming done in {} ms, no request sent",
        (System.nanoTime() - started) / 1_000_000);
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    // nothing was opened or cached before the snapshot that a restored copy would need to renew
  }
}
