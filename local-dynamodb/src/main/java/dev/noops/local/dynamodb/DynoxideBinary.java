package dev.noops.local.dynamodb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Finds the Dynoxide executable: {@code NOOPS_DYNOXIDE_BINARY} if set, else a cached copy, else
 * downloads the pinned release tarball from the npm registry (a plain HTTPS GET, no Node.js
 * needed), checks its SHA-512 against the pinned integrity value and caches it under {@code
 * ~/.cache/noops/dynoxide/<version>/}.
 */
public final class DynoxideBinary {
  /** The pinned Dynoxide release. */
  public static final String VERSION = "1.2.1";

  private static final String LINUX_X64_INTEGRITY =
      "sha512-sBHqlxJ9ANkLluFkYRfd5r8Y0ApFew4FhOrlhgRAgD4XzEoFOukEo1nuBTQ1+jTtofqwn4NWQ2k0Tn5mNTjgUg==";

  private DynoxideBinary() {}

  /** The path of a runnable Dynoxide binary, downloading it on first use. */
  public static synchronized Path resolve() {
    String override = System.getenv("NOOPS_DYNOXIDE_BINARY");
    if (override != null && !override.isBlank()) {
      Path path = Path.of(override);
      if (!Files.isExecutable(path)) {
        throw new IllegalStateException("NOOPS_DYNOXIDE_BINARY is not an executable file: " + path);
      }
      return path;
    }
    requireSupportedPlatform();
    Path target = cacheDir().resolve("dynoxide");
    if (Files.isExecutable(target)) {
      return target;
    }
    download(target);
    return target;
  }

  static Path cacheDir() {
    String base = System.getenv("NOOPS_CACHE_DIR");
    Path root =
        base != null && !base.isBlank()
            ? Path.of(base)
            : Path.of(System.getProperty("user.home"), ".cache", "noops");
    return root.resolve("dynoxide").resolve(VERSION).resolve("linux-x64");
  }

  private static void requireSupportedPlatform() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      throw new IllegalStateException(
          "no pinned Dynoxide binary for "
              + os
              + "/"
              + arch
              + ": install dynoxide "
              + VERSION
              + " (https://github.com/nubo-db/dynoxide) and set NOOPS_DYNOXIDE_BINARY to its path");
    }
  }

  private static void download(Path target) {
    String registry =
        System.getenv().getOrDefault("NOOPS_NPM_REGISTRY", "https://registry.npmjs.org");
    URI uri = URI.create(registry + "/@dynoxide/linux-x64/-/linux-x64-" + VERSION + ".tgz");
    try {
      Files.createDirectories(target.getParent());
      byte[] tarball = fetch(uri);
      verify(tarball, uri);
      Path temp = Files.createTempFile(target.getParent(), "dynoxide-", ".part");
      try {
        extractBinary(tarball, temp);
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        // atomic so that parallel test JVMs never run a half-written file
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temp); // gone once moved; a failed extraction leaves no part file
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot install Dynoxide from " + uri + " into " + target, e);
    }
  }

  private static byte[] fetch(URI uri) throws IOException {
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(20))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2)).GET().build();
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new IOException("GET " + uri + " answered " + response.statusCode());
      }
      return response.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while downloading " + uri, e);
    }
  }

  private static void verify(byte[] tarball, URI uri) throws IOException {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-512").digest(tarball);
      String integrity = "sha512-" + Base64.getEncoder().encodeToString(digest);
      if (!integrity.equals(LINUX_X64_INTEGRITY)) {
        throw new IOException("integrity mismatch for " + uri + ": got " + integrity);
      }
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-512", e);
    }
  }

  private static void extractBinary(byte[] tarball, Path target) throws IOException {
    try (InputStream in = new java.io.ByteArrayInputStream(tarball);
        TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in))) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        if (entry.getName().equals("package/dynoxide")) {
          Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
          return;
        }
      }
    }
    throw new IOException("the Dynoxide tarball holds no package/dynoxide");
  }
}
