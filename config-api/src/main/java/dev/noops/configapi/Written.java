package dev.noops.configapi;

/** The entry a write made current, and whether the write created the key. */
record Written(ConfigEntry entry, boolean created) {}
