package dev.noops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.noops.configlocal.LocalStack;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

class LocalCommandTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void a_restart_keeps_the_values_the_api_key_and_the_local_kms_key(@TempDir Path dir)
      throws Exception {
    String apiKey;
    String ciphertext;
    try (LocalStack first = LocalStack.start(0, dir, null)) {
      apiKey = first.apiKey();
      assertThat(put(first, "/orders/db-url", "{\"value\": \"kept\"}").statusCode()).isEqualTo(201);
      put(first, "/orders/db-password", "{\"value\": \"s3cret\", \"encrypt\": true}");
      ciphertext =
          ConfigHttp.JSON
              .readTree(get(first, "/config/orders/db-password").body())
              .get("value")
              .asText();
    }

    try (LocalStack second = LocalStack.start(0, dir, null)) {
      assertThat(second.apiKey()).isEqualTo(apiKey);
      assertThat(
              ConfigHttp.JSON
                  .readTree(get(second, "/config/orders/db-url").body())
                  .get("value")
                  .asText())
          .isEqualTo("kept");
      try (KmsClient kms =
          KmsClient.builder()
              .endpointOverride(second.kmsUrl())
              .region(Region.US_EAST_1)
              .credentialsProvider(
                  StaticCredentialsProvider.create(
                      AwsBasicCredentials.create(second.apiKey(), "local")))
              .httpClient(UrlConnectionHttpClient.create())
              .build()) {
        assertThat(
                kms.decrypt(
                        b ->
                            b.ciphertextBlob(
                                    SdkBytes.fromByteArray(Base64.getDecoder().decode(ciphertext)))
                                .encryptionContext(Map.of("noops:key", "/orders/db-password")))
                    .plaintext()
                    .asUtf8String())
            .isEqualTo("s3cret");
      }
    }
    assertThat(Files.exists(dir.resolve(LocalStack.DB_FILE))).isTrue();
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(LocalStack.API_KEY_FILE))))
        .isEqualTo("rw-------");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(LocalStack.KMS_KEY_FILE))))
        .isEqualTo("rw-------");
  }

  @Test
  void in_memory_writes_nothing_to_disk_and_an_api_key_option_wins(@TempDir Path dir)
      throws Exception {
    Path cwdData = Path.of(".noops");
    boolean existedBefore = Files.exists(cwdData);
    try (LocalStack stack = LocalStack.start(0, null, "my-own-local-key-123")) {
      assertThat(stack.apiKey()).isEqualTo("my-own-local-key-123");
      assertThat(stack.dataDir()).isNull();
      assertThat(put(stack, "/a", "{\"value\": \"1\"}").statusCode()).isEqualTo(201);
    }
    assertThat(Files.exists(cwdData)).isEqualTo(existedBefore);
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void the_banner_names_the_url_the_key_the_emulator_and_the_local_kms_stand_in() {
    try (LocalStack stack = LocalStack.start(0, null, null)) {
      StringWriter text = new StringWriter();
      LocalCommand.printBanner(new PrintWriter(text), stack);

      assertThat(text.toString())
          .contains(stack.baseUrl().toString())
          .contains(stack.apiKey())
          .contains("Dynoxide")
          .contains("LOCAL STAND-IN")
          .contains("AWS_ENDPOINT_URL_KMS=" + stack.kmsUrl())
          .contains("Ctrl-C");
      assertThat(text.toString().lines().filter(line -> line.trim().startsWith("curl ")))
          .hasSize(3);
    }
  }

  @Test
  void in_memory_the_banner_says_so_and_names_no_key_file() {
    try (LocalStack stack = LocalStack.start(0, null, null)) {
      StringWriter text = new StringWriter();
      LocalCommand.printBanner(new PrintWriter(text), stack);

      assertThat(text.toString())
          .contains("DATA       in memory")
          .doesNotContain("in the data folder")
          .contains("held in memory only");
    }
  }

  @Test
  void
      with_a_data_folder_the_banner_names_it_absolutely_and_warns_that_another_folder_is_another_store(
          @TempDir Path dir) {
    try (LocalStack stack = LocalStack.start(0, dir, null)) {
      StringWriter text = new StringWriter();
      LocalCommand.printBanner(new PrintWriter(text), stack);

      assertThat(text.toString())
          .contains("DATA       " + dir.toAbsolutePath())
          .contains("another working directory or --data-dir means another, separate store");
    }
  }

  @Test
  void a_port_in_use_fails_with_exit_1_and_a_clear_message(@TempDir Path dir) throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      picocli.CommandLine commandLine = Noops.newCommandLine();
      StringWriter err = new StringWriter();
      commandLine.setErr(new PrintWriter(err, true));

      int exit =
          commandLine.execute(
              "local",
              "--port",
              Integer.toString(taken.getLocalPort()),
              "--data-dir",
              dir.toString());

      assertThat(exit).isEqualTo(1);
      assertThat(err.toString()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort());
    }
  }

  @Test
  void ctrl_c_stops_the_server_and_the_emulator(@TempDir Path dir) throws Exception {
    int port = dev.noops.local.dynamodb.FreePort.find();
    Process noops =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.noops.cli.Noops",
                "local",
                "--port",
                Integer.toString(port),
                "--data-dir",
                dir.toString())
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader output =
          new BufferedReader(new InputStreamReader(noops.getInputStream(), StandardCharsets.UTF_8));
      List<String> banner = readUntil(output, "Ctrl-C stops it.");
      assertThat(banner).anyMatch(line -> line.contains("http://localhost:" + port));
      List<ProcessHandle> emulator = noops.descendants().toList();
      assertThat(emulator).as("the Dynoxide child").isNotEmpty();

      // SIGINT, what Ctrl-C sends; a JVM started from a background job inherits SIGINT as ignored
      // (no terminal could send it one then), so there the same shutdown path is reached by SIGTERM
      String signal = ignoresSigint(noops.pid()) ? "-TERM" : "-INT";
      new ProcessBuilder("kill", signal, Long.toString(noops.pid())).start().waitFor();

      assertThat(noops.waitFor(30, TimeUnit.SECONDS)).as("stopped").isTrue();
      assertThat(output.lines().toList()).contains("noops local: stopped.");
      assertThat(emulator).noneMatch(ProcessHandle::isAlive);
      assertThat(accepts(port)).as("port released").isFalse();
    } finally {
      noops.descendants().forEach(ProcessHandle::destroyForcibly);
      noops.destroyForcibly();
    }
  }

  @Test
  void every_line_on_stderr_is_json_including_the_answers_to_malformed_requests(@TempDir Path dir)
      throws Exception {
    int port = dev.noops.local.dynamodb.FreePort.find();
    Path stderr = dir.resolve("stderr.txt");
    Process noops =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.noops.cli.Noops",
                "local",
                "--port",
                Integer.toString(port),
                "--api-key",
                "json-lines-key-0123456789",
                "--data-dir",
                dir.resolve("data").toString())
            .redirectError(stderr.toFile())
            .start();
    try {
      BufferedReader output =
          new BufferedReader(new InputStreamReader(noops.getInputStream(), StandardCharsets.UTF_8));
      readUntil(output, "Ctrl-C stops it.");
      HttpResponse<String> ok =
          http.send(
              HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/config/a"))
                  .header("x-api-key", "json-lines-key-0123456789")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(ok.statusCode()).isEqualTo(404);
      String malformed;
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
        socket
            .getOutputStream()
            .write(
                String.join(
                        "\r\n",
                        "GET /config/%zz HTTP/1.1",
                        "Host: x",
                        "x-api-key: json-lines-key-0123456789",
                        "Connection: close",
                        "",
                        "")
                    .getBytes(StandardCharsets.US_ASCII));
        malformed = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      }
      assertThat(malformed).startsWith("HTTP/1.1 400").contains("application/json");

      new ProcessBuilder("kill", "-TERM", Long.toString(noops.pid())).start().waitFor();
      assertThat(noops.waitFor(30, TimeUnit.SECONDS)).as("stopped").isTrue();

      List<String> lines = Files.readAllLines(stderr);
      assertThat(lines).as("a line per request").hasSizeGreaterThanOrEqualTo(2);
      for (String line : lines) {
        assertThat(ConfigHttp.JSON.readTree(line).path("logger").asText())
            .as(line)
            .isEqualTo("noops.local");
      }
    } finally {
      noops.descendants().forEach(ProcessHandle::destroyForcibly);
      noops.destroyForcibly();
    }
  }

  /** Whether the process ignores SIGINT (bit 2 of SigIgn in /proc/PID/status). */
  private static boolean ignoresSigint(long pid) throws Exception {
    Path status = Path.of("/proc", Long.toString(pid), "status");
    if (!Files.exists(status)) {
      return false;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16) & 0x2L) != 0;
      }
    }
    return false;
  }

  private static List<String> readUntil(BufferedReader out, String last) throws Exception {
    List<String> lines = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    for (String line = out.readLine();
        line != null && System.nanoTime() < deadline;
        line = out.readLine()) {
      lines.add(line);
      if (line.equals(last)) {
        return lines;
      }
    }
    throw new AssertionError("noops local did not print its banner: " + lines);
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private HttpResponse<String> put(LocalStack stack, String key, String json) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/config" + key))
            .header("x-api-key", stack.apiKey())
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(LocalStack stack, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(stack.baseUrl() + path))
            .header("x-api-key", stack.apiKey())
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
