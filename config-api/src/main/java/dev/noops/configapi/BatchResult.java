package dev.noops.configapi;

import java.util.List;

/** The keys of a batch read that exist, in the order asked, and those that do not. */
record BatchResult(List<ConfigEntry> items, List<String> missing) {}
