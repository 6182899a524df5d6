package dev.noops.bench.harness;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import dev.noops.local.dynamodb.DynamoDbEmulator;
import dev.noops.testsupport.AwsWireMock;
import dev.noops.testsupport.LambdaRuntimeApi;
import dev.noops.testsupport.LambdaRuntimeProcess;
import dev.noops.testsupport.SamTemplate;
import dev.noops.testsupport.ScriptedCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Cold start of each function the way Lambda runs it: its Lambda jar ({@code
 * <module>/target/noops-<module>-lambda.jar}) under the AWS Lambda Java Runtime Interface Client in
 * a fresh JVM ({@link LambdaRuntimeProcess}), with the template's {@code JAVA_TOOL_OPTIONS} and
 * {@code MemorySize}, against a scripted Runtime API on loopback ({@link LambdaRuntimeApi}). The
 * figure is the time from {@code exec} of the JVM to the client's {@code POST …/response} of the
 * first event. Each function's AWS dependencies are local: a {@link ScriptedCluster} for the
 * shipper, {@link AwsWireMock} (CloudWatch Logs) for the subscriber, the Dynoxide DynamoDB emulator
 * for the config API. One unmeasured run first (page cache, and the config API's seeding PUT), then
 * {@code runs} measured runs, then one run with {@code -Xlog:class+load} to count classes.
 *
 * <p>Usage: {@code ColdStart <rows.jsonl> <work-dir> <repo-root> <runs> <command>}
 */
public final class ColdStart {
  private static final String TABLE = "noops-config";

  /**
   * One function: where its artifact is, its handler, its first event and what its answer must
   * hold.
   */
  record Function(
      String name,
      String module,
      String handler,
      int memoryMb,
      Path warmUpEvent,
      Path event,
      String expected,
      Map<String, String> env) {
    /**
     * The seeding warm-up (the config API's PUT) answers 200 or 201; the others answer like the
     * measured event.
     */
    String warmUpExpected() {
      return warmUpEvent.equals(event) ? expected : "\"statusCode\":20";
    }
  }

  /** One run: milliseconds from exec to the first answer, or why there is none. */
  record Run(double millis, double cpuMillis, String failure) {
    boolean ok() {
      return failure == null;
    }
  }

  private ColdStart() {}

  public static void main(String[] args) throws Exception {
    Path rows = Path.of(args[0]);
    Path work = Files.createDirectories(Path.of(args[1]).toAbsolutePath());
    Path repo = Path.of(args[2]).toAbsolutePath();
    int runs = Integer.parseInt(args[3]);
    String command = args[4];
    SamTemplate template = SamTemplate.read(repo.resolve("template.yaml"));
    try (ScriptedCluster cluster = ScriptedCluster.acknowledging().listen();
        AwsWireMock aws = AwsWireMock.start();
        DynamoDbEmulator dynamo = DynamoDbEmulator.inMemory()) {
      stubCloudWatchLogs(aws);
      createConfigTable(dynamo);
      String only = System.getenv().getOrDefault("BENCH_COLD_FUNCTIONS", "");
      for (Function function : functions(repo, cluster, aws, dynamo)) {
        if (!only.isBlank() && !List.of(only.split(",")).contains(function.name())) {
          continue;
        }
        String toolOptions = template.javaToolOptions(function.name());
        Row.append(rows, measure(function, repo, work, runs, toolOptions, command));
      }
    }
  }

  static List<Function> functions(
      Path repo, ScriptedCluster cluster, AwsWireMock aws, DynamoDbEmulator dynamo) {
    return List.of(
        new Function(
            "ShipperFunction",
            "logs-to-elk",
            "dev.noops.logs.ShipperHandler::handleRequest",
            1024,
            repo.resolve("events/shipper-awslogs.json"),
            repo.resolve("events/shipper-awslogs.json"),
            "\"events\":",
            Map.of("ES_ENDPOINT", cluster.endpoint().toString(), "NOOPS_ES_ALLOW_HTTP", "true")),
        new Function(
            "SubscriberFunction",
            "subscribe-log-group",
            "dev.noops.subscribe.SubscribeHandler::handleRequest",
            512,
            repo.resolve("events/subscriber-create-log-group.json"),
            repo.resolve("events/subscriber-create-log-group.json"),
            "subscribed 1,",
            Map.of(
                "AWS_ENDPOINT_URL",
                aws.endpoint().toString(),
                "DESTINATION_ARN",
                "arn:aws:lambda:eu-west-1:123456789012:function:noops-shipper")),
        new Function(
            "ConfigFunction",
            "config-api",
            "dev.noops.configapi.ConfigApiHandler::handleRequest",
            1024,
            repo.resolve("events/config-api-put.json"),
            repo.resolve("events/config-api-get.json"),
            "\"statusCode\":200",
            Map.of(
                "AWS_ENDPOINT_URL",
                dynamo.endpoint().toString(),
                "NOOPS_CONFIG_TABLE",
                TABLE,
                "NOOPS_CONFIG_KMS_KEY_ID",
                "alias/noops-bench")));
  }

  private static List<Row> measure(
      Function function, Path repo, Path work, int runs, String toolOptions, String command)
      throws Exception {
    String wall =
        "cold start "
            + function.name()
            + " ("
            + function
                .handler()
                .substring(
                    function.handler().lastIndexOf('.') + 1, function.handler().indexOf("::"))
            + "): exec to first answer under the RIC";
    String classes = "cold start " + function.name() + ": classes loaded";
    String size = "artifact " + function.name() + ": Lambda jar size";
    Optional<Path> jar =
        lambdaJar(repo.resolve(function.module()).resolve("target"), function.module());
    if (jar.isEmpty()) {
      String why = "no " + function.module() + "/target/noops-" + function.module() + "-lambda.jar";
      return List.of(
          Row.missing(wall, "ms", why, command),
          Row.missing(classes, "classes", why, command),
          Row.missing(size, "MB", why, command));
    }
    Path dir = Files.createDirectories(work.resolve(function.name()));
    Files.deleteIfExists(dir.resolve("runtime.log"));
    List<Row> result = new ArrayList<>();
    Run warmUp =
        serve(
            function,
            jar.get(),
            dir,
            toolOptions,
            function.warmUpEvent(),
            function.warmUpExpected(),
            List.of());
    if (!warmUp.ok()) {
      String why =
          "the first run failed: " + warmUp.failure() + ", see " + dir.resolve("runtime.log");
      result.add(Row.missing(wall, "ms", why, command));
      result.add(Row.missing(classes, "classes", why, command));
    } else {
      List<Double> millis = new ArrayList<>();
      List<Double> cpu = new ArrayList<>();
      int failed = 0;
      for (int i = 0; i < runs; i++) {
        Run run =
            serve(
                function,
                jar.get(),
                dir,
                toolOptions,
                function.event(),
                function.expected(),
                List.of());
        if (run.ok()) {
          millis.add(run.millis());
          if (!Double.isNaN(run.cpuMillis())) {
            cpu.add(run.cpuMillis());
          }
        } else {
          failed++;
        }
      }
      String note =
          "JAVA_TOOL_OPTIONS="
              + toolOptions
              + ", MemorySize "
              + function.memoryMb()
              + "; first event "
              + repo.relativize(function.event())
              + (failed > 0
                  ? "; " + failed + " runs failed, see " + dir.resolve("runtime.log")
                  : "");
      result.add(Row.of(wall, "ms", millis, true, note, command));
      result.add(
          Row.of(
              "cold start " + function.name() + ": CPU time of the process to first answer",
              "ms",
              cpu,
              false,
              "user + system of all the JVM's threads (less sensitive to a loaded machine than the wall time)",
              command));
      result.add(countClasses(function, jar.get(), dir, toolOptions, classes, command));
    }
    result.add(
        new Row(
            size,
            "MB",
            Files.size(jar.get()) / 1e6,
            null,
            1,
            null,
            null,
            String.format(
                "%s; %.1f MB unpacked",
                repo.relativize(jar.get()), directorySize(dir.resolve("task")) / 1e6),
            command));
    return result;
  }

  private static Row countClasses(
      Function function, Path jar, Path dir, String toolOptions, String name, String command)
      throws Exception {
    Path classLog = dir.resolve("classes.log");
    Files.deleteIfExists(classLog);
    Run counted =
        serve(
            function,
            jar,
            dir,
            toolOptions,
            function.event(),
            function.expected(),
            List.of("-Xlog:class+load=info:file=" + classLog));
    if (!counted.ok()) {
      return Row.missing(name, "classes", "the counting run failed: " + counted.failure(), command);
    }
    String taskRoot = "file:" + dir.resolve("task") + "/";
    long total;
    long fromArtifact;
    try (Stream<String> lines = Files.lines(classLog)) {
      List<String> all = lines.toList();
      total = all.size();
      fromArtifact = all.stream().filter(line -> line.endsWith("source: " + taskRoot)).count();
    }
    return new Row(
        name,
        "classes",
        (double) total,
        null,
        1,
        null,
        null,
        fromArtifact
            + " of them from the function artifact, the rest from the JDK and the Runtime Interface Client "
            + "(-Xlog:class+load)",
        command);
  }

  /**
   * One fresh execution environment serving one event; the time is exec to the answer's arrival.
   */
  static Run serve(
      Function function,
      Path jar,
      Path dir,
      String toolOptions,
      Path event,
      String expected,
      List<String> jvmArgs)
      throws Exception {
    try (LambdaRuntimeApi api = LambdaRuntimeApi.start()) {
      LambdaRuntimeProcess.Builder builder =
          LambdaRuntimeProcess.builder()
              .lambdaJar(jar)
              .handler(function.handler())
              .runtimeApi(api)
              .workDir(dir)
              .javaToolOptions(toolOptions)
              .memoryMb(function.memoryMb())
              .functionName("noops-bench-" + function.module())
              .env(function.env());
      jvmArgs.forEach(builder::jvmArg);
      String requestId = api.invoke(Files.readAllBytes(event), Duration.ofSeconds(60));
      try (LambdaRuntimeProcess process = builder.start()) {
        LambdaRuntimeApi.Answer answer;
        try {
          answer = api.await(requestId, Duration.ofMinutes(2));
        } catch (TimeoutException e) {
          return new Run(Double.NaN, Double.NaN, "no answer within 120 s");
        }
        if (answer.kind() != LambdaRuntimeApi.Kind.RESPONSE) {
          return new Run(Double.NaN, Double.NaN, answer.kind() + ": " + answer.text());
        }
        if (!answer.text().contains(expected)) {
          return new Run(
              Double.NaN, Double.NaN, "the answer lacks " + expected + ": " + answer.text());
        }
        // CPU read right after the answer: it includes the few ms the client needs to ask for the
        // next event
        double cpu = process.cpuTime().map(d -> d.toNanos() / 1e6).orElse(Double.NaN);
        return new Run((answer.nanoTime() - process.startNanos()) / 1e6, cpu, null);
      }
    }
  }

  static Optional<Path> lambdaJar(Path target, String module) throws IOException {
    Path named = target.resolve("noops-" + module + "-lambda.jar");
    if (Files.exists(named)) {
      return Optional.of(named);
    }
    if (!Files.isDirectory(target)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(target)) {
      return files
          .filter(file -> file.getFileName().toString().endsWith("-lambda.jar"))
          .findFirst();
    }
  }

  private static long directorySize(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
    }
  }

  /**
   * CloudWatch Logs answers for a new group: it exists, has no filters and no tags; every write
   * succeeds.
   */
  private static void stubCloudWatchLogs(AwsWireMock aws) {
    aws.server()
        .stubFor(
            post(urlEqualTo("/"))
                .atPriority(100)
                .willReturn(
                    aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{}")));
    aws.stubJson(
        AwsWireMock.LOGS + ".DescribeLogGroups",
        AwsWireMock.Reply.ok(
            Map.of(
                "logGroups",
                List.of(
                    Map.of(
                        "logGroupName",
                        "/aws/lambda/orders-api",
                        "arn",
                        "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/orders-api:*",
                        "logGroupArn",
                        "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/orders-api",
                        "creationTime",
                        1_764_064_800_000L,
                        "storedBytes",
                        0)))));
    aws.stubJson(
        AwsWireMock.LOGS + ".DescribeSubscriptionFilters",
        AwsWireMock.Reply.ok(Map.of("subscriptionFilters", List.of())));
    aws.stubJson(
        AwsWireMock.LOGS + ".ListTagsForResource", AwsWireMock.Reply.ok(Map.of("tags", Map.of())));
  }

  static void createConfigTable(DynamoDbEmulator emulator) {
    try (DynamoDbClient client =
        DynamoDbClient.builder()
            .endpointOverride(emulator.endpoint())
            .region(Region.EU_WEST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
            .httpClient(UrlConnectionHttpClient.create())
            .build()) {
      dev.noops.configlocal.LocalTable.createIfAbsent(client, TABLE);
    }
  }
}
