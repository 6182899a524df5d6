/**
 * Client of the noops config API: {@link dev.noops.config.ConfigClient} (built with {@link
 * dev.noops.config.ConfigClient#builder()}) reads values and secrets with an in-memory cache,
 * conditional refreshes, single-flight requests, stale-on-error and a hard time budget. {@link
 * dev.noops.config.ConfigValue} and {@link dev.noops.config.ConfigChange} are what it hands out;
 * {@link dev.noops.config.ConfigException} and its two subclasses are how it fails. Everything else
 * is package-private.
 */
package dev.noops.config;
