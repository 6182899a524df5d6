package dev.noops.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A function's Lambda jar run the way the managed {@code java21} runtime runs it: unpacked into a
 * task root (as Lambda unpacks a .zip into {@code /var/task}), then a fresh JVM whose main class is
 * the AWS Lambda Java Runtime Interface Client ({@code
 * com.amazonaws.services.lambda.runtime.api.client.AWSLambda}, the client of the managed runtime
 * and of container images) with the handler as argument, talking to a {@link LambdaRuntimeApi}. The
 * child gets only the environment Lambda sets (plus what the caller adds), and the JVM options of
 * the template through {@code JAVA_TOOL_OPTIONS}.
 *
 * <p>The runtime's own flags are approximated: serial GC, a heap of 85% of the memory size, default
 * class-data sharing ({@code -Xshare:auto}, the JDK's archive), and the property that binds {@code
 * org.crac} to the client's CRaC implementation so {@code beforeCheckpoint} hooks run under {@code
 * AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}. The JVM is the one running this class.
 */
public final class LambdaRuntimeProcess implements AutoCloseable {
  /** The Runtime Interface Client's main class. */
  public static final String MAIN_CLASS =
      "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

  /**
   * Classes whose jars make the Runtime Interface Client's classpath (itself, lambda-java-core,
   * serialization, utils-lite).
   */
  private static final List<String> CLIENT_CLASSES =
      List.of(
          MAIN_CLASS,
          "com.amazonaws.services.lambda.runtime.Context",
          "com.amazonaws.services.lambda.runtime.serialization.PojoSerializer",
          "software.amazon.awssdk.utilslite.SdkInternalThreadLocal");

  private final Process process;
  private final long startNanos;
  private final Path log;

  private LambdaRuntimeProcess(Process process, long startNanos, Path log) {
    this.process = process;
    this.startNanos = startNanos;
    this.log = log;
  }

  /** A builder for one execution environment. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@link System#nanoTime} just before the process was started (exec). */
  public long startNanos() {
    return startNanos;
  }

  /**
   * CPU time (user + system, all threads) the child has used so far, if the platform reports it.
   */
  public java.util.Optional<java.time.Duration> cpuTime() {
    return process.info().totalCpuDuration();
  }

  /** The child's standard output and error. */
  public Path log() {
    return log;
  }

  /** The running child. */
  public Process process() {
    return process;
  }

  /** Ends the child (the execution environment is torn down) and waits for it. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** The child's command line and environment. */
  public static final class Builder {
    private Path lambdaJar;
    private String handler;
    private LambdaRuntimeApi api;
    private Path workDir;
    private String javaToolOptions = "";
    private int memoryMb = 1024;
    private String functionName = "noops-test";
    private final List<String> jvmArgs = new ArrayList<>();
    private final Map<String, String> env = new HashMap<>();

    private Builder() {}

    /** The function's shaded jar ({@code target/noops-<module>-lambda.jar}). */
    public Builder lambdaJar(Path jar) {
      this.lambdaJar = jar;
      return this;
    }

    /** The handler string as in the template ({@code package.Class::method}). */
    public Builder handler(String handler) {
      this.handler = handler;
      return this;
    }

    /** The Runtime API the client talks to. */
    public Builder runtimeApi(LambdaRuntimeApi api) {
      this.api = api;
      return this;
    }

    /** Where the task root and the log go. */
    public Builder workDir(Path dir) {
      this.workDir = dir;
      return this;
    }

    /** {@code JAVA_TOOL_OPTIONS} of the function (the template's). */
    public Builder javaToolOptions(String options) {
      this.javaToolOptions = Objects.requireNonNull(options, "options == null");
      return this;
    }

    /** {@code MemorySize} of the function, in MB. */
    public Builder memoryMb(int mb) {
      this.memoryMb = mb;
      return this;
    }

    /** {@code AWS_LAMBDA_FUNCTION_NAME}. */
    public Builder functionName(String name) {
      this.functionName = Objects.requireNonNull(name, "name == null");
      return this;
    }

    /** Extra JVM arguments before the main class (e.g. {@code -Xlog:class+load}). */
    public Builder jvmArg(String arg) {
      jvmArgs.add(arg);
      return this;
    }

    /** One environment variable of the function (the template's {@code Environment.Variables}). */
    public Builder env(String name, String value) {
      env.put(name, value);
      return this;
    }

    /** Several environment variables. */
    public Builder env(Map<String, String> variables) {
      env.putAll(variables);
      return this;
    }

    /** Unpacks the jar if needed and starts the child JVM. */
    public LambdaRuntimeProcess start() throws IOException {
      Objects.requireNonNull(lambdaJar, "lambdaJar == null");
      Objects.requireNonNull(handler, "handler == null");
      Objects.requireNonNull(api, "runtimeApi == null");
      Objects.requireNonNull(workDir, "workDir == null");
      if (!Files.isRegularFile(lambdaJar)) {
        throw new IllegalArgumentException(
            "no Lambda jar at " + lambdaJar + " (run mvn package first)");
      }
      Path taskRoot = taskRoot(lambdaJar, workDir.resolve("task"));
      Path log = workDir.resolve("runtime.log");
      ProcessBuilder builder =
          new ProcessBuilder(command())
              .directory(taskRoot.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      Map<String, String> environment = builder.environment();
      String path = environment.getOrDefault("PATH", "/usr/bin:/bin");
      environment.clear();
      environment.putAll(lambdaEnvironment(taskRoot, path));
      environment.putAll(env);
      long start = System.nanoTime();
      return new LambdaRuntimeProcess(builder.start(), start, log);
    }

    private List<String> command() {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-XX:+UseSerialGC");
      command.add("-Xshare:auto");
      command.add("-XX:MaxHeapSize=" + (memoryMb * 85 / 100) + "m");
      command.add("-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac");
      command.add(
          "--enable-native-access=ALL-UNNAMED"); // the client's JNI library, without a warning on
      // JDK 24+
      command.addAll(jvmArgs);
      command.add("-cp");
      command.add(clientClasspath());
      command.add(MAIN_CLASS);
      command.add(handler);
      return command;
    }

    private Map<String, String> lambdaEnvironment(Path taskRoot, String path) {
      Map<String, String> lambda = new HashMap<>();
      lambda.put("PATH", path);
      lambda.put("LANG", "en_US.UTF-8");
      lambda.put("TZ", ":UTC");
      lambda.put("LAMBDA_TASK_ROOT", taskRoot.toString());
      lambda.put("LAMBDA_RUNTIME_DIR", taskRoot.toString());
      lambda.put("AWS_LAMBDA_RUNTIME_API", api.address());
      lambda.put("_HANDLER", handler);
      lambda.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
      lambda.put("AWS_REGION", "eu-west-1");
      lambda.put("AWS_DEFAULT_REGION", "eu-west-1");
      lambda.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
      lambda.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memoryMb));
      lambda.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
      lambda.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
      lambda.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + functionName);
      lambda.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/12/02/[$LATEST]0123456789abcdef");
      lambda.put("AWS_ACCESS_KEY_ID", "AKIDNOOPSTEST");
      lambda.put("AWS_SECRET_ACCESS_KEY", "noops-test-secret");
      lambda.put("AWS_SESSION_TOKEN", "noops-test-session");
      if (!javaToolOptions.isEmpty()) {
        lambda.put("JAVA_TOOL_OPTIONS", javaToolOptions);
      }
      return lambda;
    }
  }

  /** The Runtime Interface Client and its dependencies, found on this JVM's classpath. */
  static String clientClasspath() {
    Set<String> jars = new LinkedHashSet<>();
    for (String type : CLIENT_CLASSES) {
      URL url =
          LambdaRuntimeProcess.class
              .getClassLoader()
              .getResource(type.replace('.', '/') + ".class");
      if (url == null) {
        throw new IllegalStateException(
            type
                + " is not on the classpath: add"
                + " com.amazonaws:aws-lambda-java-runtime-interface-client to the test"
                + " dependencies");
      }
      jars.add(location(url));
    }
    return String.join(File.pathSeparator, jars);
  }

  private static String location(URL url) {
    String text = url.toString();
    try {
      if (text.startsWith("jar:")) {
        return Path.of(new java.net.URI(text.substring(4, text.indexOf("!/")))).toString();
      }
      // a class folder: strip the class's own path
      Path file = Path.of(url.toURI());
      return text.contains("/com/amazonaws/")
          ? file.toString().substring(0, file.toString().indexOf("/com/amazonaws/"))
          : file.toString().substring(0, file.toString().indexOf("/software/amazon/"));
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate " + text, e);
    }
  }

  /**
   * Unzips the jar into {@code dir} once per jar version (Lambda unpacks the .zip into /var/task).
   */
  static Path taskRoot(Path jar, Path dir) throws IOException {
    Path stamp = dir.resolve(".noops-unpacked");
    String version =
        Files.size(jar)
            + ":"
            + Files.getLastModifiedTime(jar).toMillis()
            + ":"
            + jar.toAbsolutePath();
    if (Files.exists(stamp) && Files.readString(stamp).equals(version)) {
      return dir;
    }
    if (Files.exists(dir)) {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Files.createDirectories(dir);
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(jar))) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        Path target = dir.resolve(entry.getName()).normalize();
        if (!target.startsWith(dir)) {
          throw new IOException("entry outside the task root: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    Files.writeString(stamp, version);
    return dir;
  }
}
