package dev.noops.template;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * template.yaml after the SAM transform, once per supported parameter combination, made by {@code
 * scripts/validate-template.py} (aws-sam-translator, CodeUri rewritten to s3:// as {@code sam
 * package} does). Without python3 or the translator the tests that need them are skipped with a
 * message, except where {@code NOOPS_REQUIRE_SAM_TRANSLATOR=true} (.ci/run, GitHub), where that is
 * a failure.
 */
final class TransformedTemplates {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path OUT = ROOT.resolve("template-tests/target/transformed");
  private static final Yaml JSON =
      new Yaml(new SafeConstructor(new LoaderOptions())); // JSON is YAML
  private static String unavailable;
  private static boolean made;

  private TransformedTemplates() {}

  /** The names of the parameter combinations (one transformed template each). */
  static List<String> modes() {
    if (!make()) {
      return List.of("(the SAM transform is unavailable)");
    }
    try (Stream<Path> files = Files.list(OUT)) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(name -> name.endsWith(".parameters.json"))
          .map(name -> name.substring(0, name.length() - ".parameters.json".length()))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The transformed template of {@code mode}. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> template(String mode) {
    requireAvailable();
    return (Map<String, Object>) load(OUT.resolve(mode + ".json"));
  }

  /** The parameter values {@code mode} was transformed with (the others keep their defaults). */
  @SuppressWarnings("unchecked")
  static Map<String, String> parameters(String mode) {
    requireAvailable();
    return (Map<String, String>) load(OUT.resolve(mode + ".parameters.json"));
  }

  static void requireAvailable() {
    if (!make()) {
      Assumptions.abort(unavailable);
    }
  }

  private static synchronized boolean make() {
    if (made || unavailable != null) {
      return made;
    }
    boolean required = "true".equals(System.getenv("NOOPS_REQUIRE_SAM_TRANSLATOR"));
    try {
      Process process =
          new ProcessBuilder(
                  "python3",
                  ROOT.resolve("scripts/validate-template.py").toString(),
                  "--no-lint",
                  "--out",
                  OUT.toString())
              .redirectErrorStream(true)
              .start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        fail("scripts/validate-template.py did not finish in 5 minutes");
      }
      switch (process.exitValue()) {
        case 0 -> made = true;
        case 2 ->
            unavailable =
                "skipped: python3 has no aws-sam-translator (pip install aws-sam-translator): "
                    + output.strip();
        default -> fail("the SAM transform failed:\n" + output);
      }
    } catch (IOException e) {
      unavailable =
          "skipped: python3 is not installed, so the SAM transform cannot run ("
              + e.getMessage()
              + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    if (unavailable != null && required) {
      fail("NOOPS_REQUIRE_SAM_TRANSLATOR=true but " + unavailable);
    }
    return made;
  }

  private static Object load(Path file) {
    try {
      return JSON.load(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
