package dev.noops.config;

/** The config API has no value under the key (it answered 404, or listed the key as missing). */
public final class ConfigNotFoundException extends ConfigException {
  private static final long serialVersionUID = 1L;

  ConfigNotFoundException(String key) {
    super("no config value under " + key);
  }
}
