package dev.noops.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The words {@code ship} and {@code metrics} use for a file they cannot use: one vocabulary, plain
 * words, no Java class names, and a hint where one helps. Each problem is one line, {@code noops
 * <command>: <file>: <reason>}, and exit code 2.
 */
final class InputProblems {
  /** The prefix of every reason that comes from the shipper's decoder. */
  static final String NOT_CLOUDWATCH_DATA = "not CloudWatch Logs data: ";

  static final String GZIP_HINT =
      "this looks like a gzip file; decompress it first (gunzip -k FILE) and give the JSON it"
          + " holds";

  private InputProblems() {}

  /** Why {@code file} could not be read. */
  static String unreadable(Path file, IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (Files.isDirectory(file)) {
      return "is a directory, not a file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return "cannot read the file (" + (e.getMessage() == null ? "I/O error" : e.getMessage()) + ")";
  }

  /** A problem visible before parsing: an empty file, or a gzip file where JSON or text belongs. */
  static Optional<String> precheck(byte[] bytes) {
    if (bytes.length == 0
        || (bytes.length <= 4096 && new String(bytes, StandardCharsets.UTF_8).isBlank())) {
      return Optional.of("the file is empty");
    }
    if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
      return Optional.of(GZIP_HINT);
    }
    return Optional.empty();
  }

  /** Prints one line and returns the usage exit code. */
  static int report(PrintWriter err, String command, Path file, String reason) {
    err.println("noops " + command + ": " + file + ": " + reason);
    err.flush();
    return Noops.USAGE;
  }
}
