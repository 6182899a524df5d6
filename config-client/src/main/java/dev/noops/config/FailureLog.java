package dev.noops.config;

import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs an outage of the config API once when it starts and once when it ends, however many reads
 * happen in between. Lines carry the key and the reason, never a value.
 */
final class FailureLog {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigClient.class);
  private final AtomicReference<String> outage = new AtomicReference<>();

  void failed(String what, ConfigUnavailableException e) {
    if (outage.compareAndSet(null, e.getMessage())) {
      LOG.atWarn()
          .setMessage("config API failing; serving cached values no older than the max staleness")
          .addKeyValue("event", "config.api.failing")
          .addKeyValue("key", what)
          .addKeyValue("reason", e.getMessage())
          .log();
    }
  }

  void succeeded() {
    if (outage.get() != null && outage.getAndSet(null) != null) {
      LOG.atInfo()
          .setMessage("config API answering again")
          .addKeyValue("event", "config.api.recovered")
          .log();
    }
  }

  boolean failing() {
    return outage.get() != null;
  }
}
