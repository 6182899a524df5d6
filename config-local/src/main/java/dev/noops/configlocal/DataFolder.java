package dev.noops.configlocal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The data folder of {@code noops local}: private to its owner (0700, files 0600), used by one
 * process at a time, and checked before the store starts: a damaged SQLite file, a store without
 * its local KMS key, or an emulator a killed run left behind are found here, and the user chooses
 * what happens ({@link LocalStack.Recovery}).
 */
final class DataFolder implements AutoCloseable {
  static final String DB_FILE = "dynamodb.sqlite";
  static final String KMS_KEY_FILE = "local-kms.key";
  static final String API_KEY_FILE = "api-key";
  static final String WRITES_FILE = "writes.log";
  static final String PIDS_FILE = "dynamodb.pids";
  private static final String LOCK_FILE = ".lock";
  private static final byte[] SQLITE_HEADER =
      "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  private final Path dir;
  private final FileChannel lockChannel;
  private final List<String> notes = new ArrayList<>();

  private DataFolder(Path dir, FileChannel lockChannel) {
    this.dir = dir;
    this.lockChannel = lockChannel;
  }

  static DataFolder open(Path folder, LocalStack.Recovery recovery) {
    Path dir = folder.toAbsolutePath().normalize();
    DataFolder data = new DataFolder(dir, lock(privateFolder(dir)));
    try {
      data.stopStaleEmulator();
      if (recovery == LocalStack.Recovery.RESET) {
        data.moveStoreAside();
      }
      data.checkDatabase(recovery);
      data.checkKey();
      return data;
    } catch (RuntimeException e) {
      data.close();
      throw e;
    }
  }

  Path dir() {
    return dir;
  }

  Path file(String name) {
    return dir.resolve(name);
  }

  /**
   * What the checks did that the user should be told (a stale emulator stopped, a store moved
   * aside).
   */
  List<String> notes() {
    return List.copyOf(notes);
  }

  boolean hasStore() {
    return size(file(DB_FILE)) > 0 || !new WriteLog(file(WRITES_FILE)).read().isEmpty();
  }

  /**
   * Makes the store's files owner-only (SQLite gives its -wal and -shm files the database file's
   * mode).
   */
  void tightenFiles() {
    for (String name :
        List.of(DB_FILE, DB_FILE + "-wal", DB_FILE + "-shm", WRITES_FILE, PIDS_FILE)) {
      Path file = file(name);
      try {
        if (Files.exists(file)) {
          Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot make " + file + " private (0600)", e);
      }
    }
  }

  void rememberEmulator(List<Long> pids) {
    writePrivate(
        file(PIDS_FILE),
        pids.stream().map(String::valueOf).reduce((a, b) -> a + "\n" + b).orElse("") + "\n");
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(file(PIDS_FILE));
    } catch (IOException ignored) {
      // a pid file left behind is checked (and found dead) at the next start
    }
    try {
      lockChannel.close();
    } catch (IOException ignored) {
      // closing the channel releases the lock; the OS releases it at exit anyway
    }
  }

  static void writePrivate(Path file, String text) {
    try {
      Path temp =
          Files.createTempFile(
              file.toAbsolutePath().getParent(),
              file.getFileName() + "-",
              ".part",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(temp, text);
      Files.move(
          temp,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static Path privateFolder(Path dir) {
    try {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create the data folder " + dir + " (owner-only, 0700)", e);
    }
  }

  private static FileChannel lock(Path dir) {
    try {
      FileChannel channel =
          FileChannel.open(
              dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (java.nio.channels.OverlappingFileLockException heldInThisJvm) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        throw new LocalStoreException(
            "another noops local is using " + dir + "; stop it first, or pass another --data-dir");
      }
      return channel;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock the data folder " + dir, e);
    }
  }

  // the lock is ours, so the run that wrote the pid file is gone: whatever it left running serves a
  // store nobody owns
  private void stopStaleEmulator() {
    Path pids = file(PIDS_FILE);
    if (!Files.exists(pids)) {
      return;
    }
    try {
      for (String line : Files.readAllLines(pids)) {
        if (!line.strip().matches("[0-9]{1,10}")) {
          continue;
        }
        long pid = Long.parseLong(line.strip());
        ProcessHandle.of(pid)
            .filter(ProcessHandle::isAlive)
            .filter(this::isOurEmulator)
            .ifPresent(
                stale -> {
                  stale.destroy();
                  try {
                    stale.onExit().get(10, TimeUnit.SECONDS);
                  } catch (Exception notYet) {
                    stale.destroyForcibly();
                  }
                  notes.add(
                      "stopped a DynamoDB emulator (pid "
                          + pid
                          + ") that an earlier noops local left running");
                });
      }
      Files.deleteIfExists(pids);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + pids, e);
    }
  }

  private boolean isOurEmulator(ProcessHandle process) {
    String commandLine = process.info().commandLine().orElse("");
    return commandLine.contains("dynoxide") && commandLine.contains(file(DB_FILE).toString());
  }

  private void moveStoreAside() {
    String stamp =
        LocalDateTime.now(ZoneId.systemDefault())
            .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path aside = file("broken-" + stamp);
    List<String> moved = new ArrayList<>();
    try {
      for (String name :
          List.of(DB_FILE, DB_FILE + "-wal", DB_FILE + "-shm", WRITES_FILE, KMS_KEY_FILE)) {
        if (Files.exists(file(name))) {
          Files.createDirectories(aside);
          Files.move(file(name), aside.resolve(name));
          moved.add(name);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move the store aside to " + aside, e);
    }
    if (!moved.isEmpty()) {
      notes.add(
          "--reset: moved "
              + String.join(", ", moved)
              + " to "
              + aside
              + " and started an empty store");
    }
  }

  private void checkDatabase(LocalStack.Recovery recovery) {
    Path db = file(DB_FILE);
    boolean expected = !new WriteLog(file(WRITES_FILE)).read().isEmpty();
    long size = size(db);
    if (size > 0 && !startsWithSqliteHeader(db)) {
      throw new LocalStoreException(
          db
              + " is not an SQLite database (its header is damaged). Nothing was started. Restore"
              + " it from a backup, or run again with --reset to move the store aside and start"
              + " empty.");
    }
    if (size <= 0 && expected) {
      String found = size < 0 ? "is missing" : "is empty (0 bytes)";
      if (recovery != LocalStack.Recovery.REPAIR) {
        throw new LocalStoreException(
            db
                + " "
                + found
                + " but this folder's store held data (see "
                + WRITES_FILE
                + "). Nothing was started. Restore the file, run again with --repair to accept the"
                + " loss and keep using this folder, or with --reset to move what is left aside and"
                + " start empty.");
      }
      try {
        Files.deleteIfExists(db);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot remove " + db, e);
      }
      notes.add("--repair: " + db.getFileName() + " " + found + "; starting from an empty store");
    }
  }

  // a new key next to existing ciphertext would make every stored secret undecryptable
  private void checkKey() {
    if (!Files.exists(file(KMS_KEY_FILE)) && hasStore()) {
      throw new LocalStoreException(
          file(KMS_KEY_FILE)
              + " is missing, but "
              + dir
              + " holds a store whose secrets were encrypted with it; a new key would make them"
              + " undecryptable, so none was created. Restore the key file, or run again with"
              + " --reset to move the store aside and start empty.");
    }
  }

  private static long size(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  private static boolean startsWithSqliteHeader(Path db) {
    try (InputStream in = Files.newInputStream(db)) {
      return Arrays.equals(in.readNBytes(SQLITE_HEADER.length), SQLITE_HEADER);
    } catch (IOException e) {
      return false;
    }
  }
}
