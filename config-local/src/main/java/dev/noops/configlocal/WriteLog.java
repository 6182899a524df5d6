package dev.noops.configlocal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * The newest version of every key the local server has written, appended (and forced to disk) after
 * each write the store confirmed. At the next start every key must be at least at that version: a
 * store that lost writes (a deleted or truncated SQLite WAL after {@code kill -9}, a zeroed page)
 * is then detected instead of serving silently without them. Lines are {@code version TAB key};
 * keys hold no tab or newline (the API refuses control characters in keys).
 */
final class WriteLog implements AutoCloseable {
  private final Path file;
  private FileChannel channel;

  WriteLog(Path file) {
    this.file = file;
  }

  /**
   * The newest logged version of each key (a torn last line, from a kill during an append, is
   * ignored).
   */
  Map<String, Long> read() {
    Map<String, Long> newest = new TreeMap<>();
    if (!Files.exists(file)) {
      return newest;
    }
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        int tab = line.indexOf('\t');
        if (tab > 0 && line.substring(0, tab).matches("[0-9]{1,18}")) {
          newest.merge(line.substring(tab + 1), Long.parseLong(line.substring(0, tab)), Math::max);
        }
      }
      return newest;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Rewrites the log as {@code newest} (one line per key) and opens it for appending. */
  void reset(Map<String, Long> newest) {
    StringBuilder text = new StringBuilder();
    newest.forEach((key, version) -> text.append(version).append('\t').append(key).append('\n'));
    DataFolder.writePrivate(file, text.toString());
    try {
      channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file, e);
    }
  }

  synchronized void record(String key, long version) {
    if (channel == null || key.indexOf('\n') >= 0 || key.indexOf('\t') >= 0) {
      return;
    }
    try {
      channel.write(
          ByteBuffer.wrap((version + "\t" + key + "\n").getBytes(StandardCharsets.UTF_8)));
      channel.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file, e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException ignored) {
      // the log was forced after each line; nothing is lost by a failed close
    }
  }
}
