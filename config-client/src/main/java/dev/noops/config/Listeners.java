package dev.noops.config;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The change listeners per key; a failing listener is logged (by exception type) and skipped. */
final class Listeners {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigClient.class);
  private final ConcurrentHashMap<String, List<Consumer<ConfigChange>>> byKey =
      new ConcurrentHashMap<>();

  ConfigClient.Registration add(String key, Consumer<ConfigChange> listener) {
    List<Consumer<ConfigChange>> list =
        byKey.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>());
    list.add(listener);
    return new Handle(() -> list.remove(listener));
  }

  /** The one {@link ConfigClient.Registration}. */
  record Handle(Runnable removal) implements ConfigClient.Registration {
    @Override
    public void remove() {
      removal.run();
    }
  }

  void fire(ConfigChange change) {
    List<Consumer<ConfigChange>> list = byKey.get(change.key());
    if (list == null) {
      return;
    }
    for (Consumer<ConfigChange> listener : list) {
      try {
        listener.accept(change);
      } catch (RuntimeException e) {
        // the exception's message is the listener's and may quote the value: log its type only
        LOG.atWarn()
            .setMessage("config change listener failed")
            .addKeyValue("event", "config.listener.failed")
            .addKeyValue("key", change.key())
            .addKeyValue("exception", e.getClass().getName())
            .log();
      }
    }
  }
}
