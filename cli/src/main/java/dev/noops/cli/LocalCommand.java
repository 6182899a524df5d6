package dev.noops.cli;

import dev.noops.configlocal.AccessLog;
import dev.noops.configlocal.LocalStack;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code noops local}: the config API on this machine, until Ctrl-C. */
@Command(
    name = "local",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the config API on this machine, over a local DynamoDB emulator.",
      "Serves http://localhost:<port> with the Dynoxide emulator behind it and a local stand-in for"
          + " KMS;",
      "data is kept under --data-dir (default ./.noops, relative to the current directory: another"
          + " directory",
      "starts another, empty store) unless --in-memory. Ctrl-C stops it."
    })
final class LocalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "TCP port on 127.0.0.1 (default: ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--in-memory",
      description =
          "keep nothing on disk: data, API key and local KMS key last until the process stops")
  boolean inMemory;

  @Option(
      names = "--api-key",
      description = "the API key to enforce (default: generated once and kept in the data folder)")
  String apiKey;

  @Option(
      names = "--data-dir",
      defaultValue = ".noops",
      description =
          "where data, the API key and the local KMS key live (default: ${DEFAULT-VALUE})")
  Path dataDir;

  @Option(
      names = "--repair",
      description =
          "if the store lost writes (e.g. its SQLite WAL was deleted after a crash): keep what it"
              + " holds and go on")
  boolean repair;

  @Option(
      names = "--reset",
      description =
          "if the store is damaged: move it (and its local KMS key) aside inside the data folder"
              + " and start empty")
  boolean reset;

  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile int exitCode;

  @Override
  public Integer call() throws InterruptedException {
    if (apiKey != null && apiKey.length() < 16) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--api-key must be at least 16 characters");
    }
    if (repair && reset) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "choose one of --repair and --reset");
    }
    // the JSON access line below replaces the handler's plain request line (slf4j-simple has no
    // JSON layout)
    System.setProperty("org.slf4j.simpleLogger.log.dev.noops.configapi.ConfigApi", "warn");
    // Jetty's start and stop lines are not the JSON lines README promises; its warnings still show
    System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
    LocalStack stack;
    PrintWriter err = spec.commandLine().getErr();
    try {
      stack =
          LocalStack.builder()
              .port(port)
              .dataDir(inMemory ? null : dataDir)
              .apiKey(apiKey)
              .recovery(
                  reset
                      ? LocalStack.Recovery.RESET
                      : repair ? LocalStack.Recovery.REPAIR : LocalStack.Recovery.NONE)
              .accessLog(AccessLog.jsonLines(System.err))
              .start();
    } catch (RuntimeException e) {
      err.println("noops local: " + e.getMessage());
      err.flush();
      return 1;
    }
    PrintWriter out = spec.commandLine().getOut();
    // the callback is the point; nothing waits on the future it returns
    var unused =
        stack
            .emulatorFailure()
            .thenRun(
                () -> {
                  err.println(
                      "noops local: the DynamoDB emulator stopped unexpectedly; the config API cannot"
                          + " answer without it. Stopping. Start noops local again (the data folder is"
                          + " checked at start).");
                  err.flush();
                  exitCode = 3;
                  stopped.countDown();
                });
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stack.close();
                  out.println("noops local: stopped.");
                  out.flush();
                  stopped.countDown();
                },
                "noops-local-stop"));
    printBanner(out, stack);
    stopped.await();
    return exitCode;
  }

  static void printBanner(PrintWriter out, LocalStack stack) {
    String url = stack.baseUrl().toString();
    out.println("noops local: the config API is up.");
    out.println();
    if (stack.dataDir() == null) {
      out.println(
          "  DATA       in memory: nothing is written to disk and everything is lost on exit");
    } else {
      out.println("  DATA       " + stack.dataDir());
      out.println(
          "             (another working directory or --data-dir means another, separate store)");
    }
    stack.notes().forEach(note -> out.println("  NOTE       " + note));
    out.println("  base URL   " + url);
    out.println("  API key    " + stack.apiKey() + "   (send it as x-api-key)");
    out.println("  DynamoDB   Dynoxide emulator (open source), not Amazon's DynamoDB Local");
    out.println(
        "  KMS        LOCAL STAND-IN, not AWS KMS: an AES-256-GCM key "
            + (stack.dataDir() == null ? "held in memory only" : "in the data folder"));
    out.println(
        "             AWS_ENDPOINT_URL_KMS="
            + stack.kmsUrl()
            + " with AWS_ACCESS_KEY_ID=<the API key>");
    out.println("  logs       one JSON line per request on stderr");
    out.println();
    out.println(
        "Try it (or: export NOOPS_CONFIG_URL="
            + url
            + " NOOPS_CONFIG_API_KEY="
            + stack.apiKey()
            + "; ./noops config list):");
    out.println();
    for (String curl : curlLines(url, stack.apiKey())) {
      out.println("  " + curl);
    }
    out.println();
    out.println("Ctrl-C stops it.");
    out.flush();
  }

  /** Three ready-to-paste curl lines: store a value, read it, store a secret. */
  static String[] curlLines(String url, String apiKey) {
    String key = " -H 'x-api-key: " + apiKey + "'";
    return new String[] {
      "curl -s -X PUT"
          + key
          + " -H 'Content-Type: application/json' -d '{\"value\": \"jdbc:postgresql://db/orders\"}'"
          + " "
          + url
          + "/config/orders/db-url",
      "curl -s" + key + " " + url + "/config/orders/db-url",
      "curl -s -X PUT"
          + key
          + " -H 'Content-Type: application/json' -d '{\"value\": \"s3cret\", \"encrypt\": true}' "
          + url
          + "/config/orders/db-password",
    };
  }
}
