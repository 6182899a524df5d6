package dev.noops.configlocal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 faults 5 and 6: the data folder is private, checked at start, and a damaged store is
 * refused, never served silently.
 */
class LocalStackTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void the_data_folder_is_0700_and_every_file_in_it_0600(@TempDir Path parent) throws Exception {
    Path dir = parent.resolve("data");
    try (LocalStack stack = LocalStack.start(0, dir, null)) {
      put(stack, "/a", "{\"value\": \"1\"}");
      put(stack, "/s", "{\"value\": \"s3cret\", \"encrypt\": true}");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> all =
          files
              .filter(Files::isRegularFile)
              .filter(f -> !f.getFileName().toString().equals(".lock"))
              .toList();
      assertThat(all)
          .extracting(f -> f.getFileName().toString())
          .contains(LocalStack.DB_FILE, LocalStack.KMS_KEY_FILE, LocalStack.API_KEY_FILE);
      for (Path file : all) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
            .as(file.toString())
            .isEqualTo("rw-------");
      }
    }
  }

  @Test
  void a_store_restored_to_an_older_state_is_refused_and_repair_or_reset_is_the_users_choice(
      @TempDir Path dir) throws Exception {
    try (LocalStack stack = LocalStack.start(0, dir, null)) {
      put(stack, "/a", "{\"value\": \"1\"}");
    }
    Path old = Files.createTempDirectory("old-store");
    copyStore(dir, old);
    try (LocalStack stack = LocalStack.start(0, dir, null)) {
      put(stack, "/a", "{\"value\": \"2\"}");
      put(stack, "/b", "{\"value\": \"1\"}");
    }
    copyStore(old, dir); // what a truncated WAL leaves: the writes after a point are gone

    assertThatThrownBy(() -> LocalStack.start(0, dir, null))
        .isInstanceOf(LocalStoreException.class)
        .hasMessageContaining("2 of 2 key(s) lost their latest writes")
        .hasMessageContaining("--repair")
        .hasMessageContaining("--reset")
        .hasMessageContaining("Nothing was served");

    try (LocalStack repaired =
        LocalStack.builder().port(0).dataDir(dir).recovery(LocalStack.Recovery.REPAIR).start()) {
      assertThat(repaired.notes()).anyMatch(note -> note.startsWith("--repair"));
      assertThat(get(repaired, "/config/a").body()).contains("\"version\":1");
    }
    try (LocalStack again = LocalStack.start(0, dir, null)) {
      assertThat(again.notes()).isEmpty();
    }
  }

  @Test
  void a_deleted_wal_after_the_emulator_is_killed_is_refused(@TempDir Path dir) throws Exception {
    LocalStack stack = LocalStack.start(0, dir, null);
    for (int i = 0; i < 30; i++) {
      put(stack, "/k" + i, "{\"value\": \"" + i + "\"}");
    }
    killEmulator(dir);
    stack.close();
    Path wal = dir.resolve(LocalStack.DB_FILE + "-wal");
    assertThat(wal).exists();
    Files.delete(wal);

    assertThatThrownBy(() -> LocalStack.start(0, dir, null))
        .isInstanceOf(LocalStoreException.class)
        .hasMessageContaining("lost their latest writes");
  }

  @Test
  void an_empty_database_file_is_refused_then_repaired_on_request(@TempDir Path dir)
      throws Exception {
    try (LocalStack stack = LocalStack.start(0, dir, null)) {
      put(stack, "/a", "{\"value\": \"1\"}");
    }
    Files.write(dir.resolve(LocalStack.DB_FILE), new byte[0]);
    Files.deleteIfExists(dir.resolve(LocalStack.DB_FILE + "-wal"));

    assertThatThrownBy(() -> LocalStack.start(0, dir, null))
        .isInstanceOf(LocalStoreException.class)
        .hasMessageContaining("is empty (0 bytes)")
        .hasMessageContaining("--repair");
    try (LocalStack repaired =
        LocalStack.builder().port(0).dataDir(dir).recovery(LocalStack.Recovery.REPAIR).start()) {
      assertThat(get(repaired, "/config/a").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void a_zeroed_page_is_refused_and_reset_moves_the_store_aside(@TempDir Path dir)
      throws Exception {
    LocalStack stack = LocalStack.start(0, dir, null);
    for (int i = 0; i < 40; i++) {
      put(stack, "/k" + i, "{\"value\": \"" + "v".repeat(500) + "\"}");
    }
    stack.close();
    Path db = dir.resolve(LocalStack.DB_FILE);
    byte[] bytes = Files.readAllBytes(db);
    assertThat(bytes.length).isGreaterThan(8192);
    java.util.Arrays.fill(bytes, 4096, bytes.length, (byte) 0); // every page after the first
    Files.write(db, bytes);

    assertThatThrownBy(() -> LocalStack.start(0, dir, null))
        .isInstanceOf(LocalStoreException.class)
        .hasMessageContaining("--reset");
    try (LocalStack reset =
        LocalStack.builder().port(0).dataDir(dir).recovery(LocalStack.Recovery.RESET).start()) {
      assertThat(reset.notes()).anyMatch(note -> note.contains("--reset: moved"));
      assertThat(get(reset, "/config/k0").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void a_deleted_kms_key_is_never_regenerated_next_to_the_store(@TempDir Path dir)
      throws Exception {
    try (LocalStack stack = LocalStack.start(0, dir, null)) {
      put(stack, "/s", "{\"value\": \"s3cret\", \"encrypt\": true}");
    }
    Files.delete(dir.resolve(LocalStack.KMS_KEY_FILE));

    assertThatThrownBy(() -> LocalStack.start(0, dir, null))
        .isInstanceOf(LocalStoreException.class)
        .hasMessageContaining("local-kms.key is missing")
        .hasMessageContaining("none was created");
    assertThat(dir.resolve(LocalStack.KMS_KEY_FILE)).doesNotExist();
  }

  @Test
  void a_second_noops_local_on_the_same_folder_is_refused(@TempDir Path dir) {
    try (LocalStack first = LocalStack.start(0, dir, null)) {
      assertThat(first.dataDir()).isEqualTo(dir.toAbsolutePath());
      assertThatThrownBy(() -> LocalStack.start(0, dir, null))
          .isInstanceOf(LocalStoreException.class)
          .hasMessageContaining("another noops local is using");
    }
  }

  @Test
  void an_emulator_left_running_by_a_killed_run_is_stopped_at_the_next_start(@TempDir Path dir)
      throws Exception {
    Files.createDirectories(dir);
    Process stale =
        new ProcessBuilder(
                "/bin/sh",
                "-c",
                "sleep 300",
                "dynoxide",
                dir.toAbsolutePath().resolve(LocalStack.DB_FILE).toString())
            .start();
    Files.writeString(dir.resolve("dynamodb.pids"), stale.pid() + "\n");

    try (LocalStack stack = LocalStack.start(0, dir, null)) {
      assertThat(stale.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(stack.notes())
          .anyMatch(note -> note.contains("stopped a DynamoDB emulator (pid " + stale.pid() + ")"));
    } finally {
      stale.destroyForcibly();
    }
  }

  @Test
  void the_emulator_dying_while_serving_is_reported() throws Exception {
    try (LocalStack stack = LocalStack.start(0, null, null)) {
      var failure = stack.emulatorFailure();
      ProcessHandle.current()
          .descendants()
          .filter(p -> p.info().commandLine().orElse("").contains("dynoxide"))
          .forEach(ProcessHandle::destroyForcibly);

      failure.get(20, TimeUnit.SECONDS);
      assertThat(failure).isCompleted();
    }
  }

  @Test
  void close_does_not_report_an_emulator_failure() throws Exception {
    LocalStack stack = LocalStack.start(0, null, null);
    var failure = stack.emulatorFailure();
    stack.close();
    Thread.sleep(500);
    assertThat(failure).isNotDone();
  }

  private static void killEmulator(Path dir) throws Exception {
    for (String pid : Files.readAllLines(dir.resolve("dynamodb.pids"))) {
      if (!pid.isBlank()) {
        ProcessHandle.of(Long.parseLong(pid.strip()))
            .ifPresent(
                p -> {
                  if (p.info().command().orElse("").contains("dynoxide")) {
                    p.destroyForcibly();
                    p.onExit().join();
                  }
                });
      }
    }
  }

  private static void copyStore(Path from, Path to) throws Exception {
    for (String name :
        List.of(LocalStack.DB_FILE, LocalStack.DB_FILE + "-wal", LocalStack.DB_FILE + "-shm")) {
      Path source = from.resolve(name);
      if (Files.exists(source)) {
        Files.copy(source, to.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      } else {
        Files.deleteIfExists(to.resolve(name));
      }
    }
  }

  private static HttpResponse<String> put(LocalStack stack, String key, String json)
      throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/config" + key))
                .header("x-api-key", stack.apiKey())
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .PUT(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
    return response;
  }

  private static HttpResponse<String> get(LocalStack stack, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(stack.baseUrl() + path))
            .header("x-api-key", stack.apiKey())
            .timeout(Duration.ofSeconds(30))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
