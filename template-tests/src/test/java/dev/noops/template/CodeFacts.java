package dev.noops.template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a module's main sources do: the environment variables they read and the AWS operations they
 * call.
 */
final class CodeFacts {
  private static final Pattern ENV_NAME = Pattern.compile("\"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\"");
  private static final Pattern CLIENT_IMPORT =
      Pattern.compile("import software\\.amazon\\.awssdk\\.services\\.(\\w+)\\.(\\w+Client);");

  /**
   * A file that builds an AwsJsonClient names the service's signing name (its IAM prefix): {@code
   * AwsJsonClient.forService("dynamodb", ...)} or {@code .signingName("dynamodb")}.
   */
  private static final Pattern SIGNING_NAME =
      Pattern.compile("(?:\\bforService\\(\\s*|\\.signingName\\()\"([a-z0-9-]+)\"");

  /** ...and names each operation it calls: {@code call("GetItem", ...)}. */
  private static final Pattern JSON_CALL = Pattern.compile("\\bcall\\(\\s*\"([A-Z][A-Za-z0-9]+)\"");

  /**
   * ...or sends a REST-JSON request whose path names the operation: Lambda's Invoke, {@code
   * send("POST", "/2015-03-31/functions/" + name + "/invocations", ...)}.
   */
  private static final Map<String, Pattern> REST_OPERATIONS =
      Map.of(
          "lambda:InvokeFunction",
          Pattern.compile(
              "\\bsend\\(\\s*\"POST\",\\s*\"/2015-03-31/functions/\"[^;]*\"/invocations\""));

  /** IAM service prefix per SDK service package. */
  private static final Map<String, String> IAM_PREFIX =
      Map.of(
          "cloudwatchlogs",
          "logs",
          "cloudwatch",
          "cloudwatch",
          "kms",
          "kms",
          "dynamodb",
          "dynamodb",
          "lambda",
          "lambda",
          "sns",
          "sns",
          "sqs",
          "sqs",
          "kinesis",
          "kinesis",
          "eventbridge",
          "events",
          "secretsmanager",
          "secretsmanager");

  /** SDK operations whose IAM action has another name. */
  private static final Map<String, Set<String>> IAM_ACTIONS =
      Map.of(
          "lambda:Invoke", Set.of("lambda:InvokeFunction"),
          "dynamodb:TransactGetItems", Set.of("dynamodb:GetItem"));

  /**
   * Main-code classes the Lambda artifacts leave out: none since {@code noops local} moved to its
   * own module (config-local); every main class of a function module is in its Lambda jar.
   */
  static final List<String> NOT_IN_LAMBDA_ARTIFACT = List.of();

  private static final Set<String> NOT_OPERATIONS =
      Set.of(
          "close",
          "serviceName",
          "serviceClientConfiguration",
          "utilities",
          "waiter",
          "builder",
          "create",
          "equals",
          "hashCode",
          "toString",
          "getClass");

  private CodeFacts() {}

  /**
   * Upper-case, underscore-separated literals in the files that read the environment (AWS_*
   * excluded: Lambda sets those).
   */
  static Set<String> environmentVariablesRead(Path... moduleDirs) {
    Set<String> names = new TreeSet<>();
    sources(moduleDirs)
        .filter(source -> source.contains("getenv") || source.contains("fromEnvironment("))
        .forEach(
            source -> {
              Matcher matcher = ENV_NAME.matcher(source);
              while (matcher.find()) {
                if (!matcher.group(1).startsWith("AWS_")) {
                  names.add(matcher.group(1));
                }
              }
            });
    return names;
  }

  /**
   * IAM actions for every AWS SDK client operation the sources call, e.g. {@code
   * logs:PutSubscriptionFilter}, and for every operation a file that builds an {@code
   * AwsJsonClient} calls ({@code forService("dynamodb", ...)} and {@code call("GetItem", ...)}, or
   * a REST-JSON path such as Lambda's Invoke).
   */
  static Set<String> iamActionsCalled(Path... moduleDirs) {
    Set<String> actions = new TreeSet<>();
    sources(moduleDirs)
        .forEach(
            source -> {
              Matcher imports = CLIENT_IMPORT.matcher(source);
              while (imports.find()) {
                String servicePackage = imports.group(1);
                String prefix = IAM_PREFIX.get(servicePackage);
                if (prefix == null) {
                  throw new IllegalStateException(
                      "no IAM prefix known for SDK service " + servicePackage);
                }
                for (String operation : operationsOf(servicePackage, imports.group(2))) {
                  String method =
                      Character.toLowerCase(operation.charAt(0)) + operation.substring(1);
                  if (source.contains("." + method + "(")
                      || source.contains("." + method + "Paginator(")) {
                    String action = prefix + ":" + operation;
                    if (action.equals("dynamodb:TransactWriteItems")) {
                      actions.addAll(transactionActions(source));
                    } else {
                      actions.addAll(IAM_ACTIONS.getOrDefault(action, Set.of(action)));
                    }
                  }
                }
              }
              Matcher signing = SIGNING_NAME.matcher(source);
              while (signing.find()) {
                String prefix = signing.group(1) + ":";
                REST_OPERATIONS.forEach(
                    (action, call) -> {
                      if (action.startsWith(prefix) && call.matcher(source).find()) {
                        actions.add(action);
                      }
                    });
                Matcher calls = JSON_CALL.matcher(source);
                while (calls.find()) {
                  String action = signing.group(1) + ":" + calls.group(1);
                  if (action.equals("dynamodb:TransactWriteItems")) {
                    actions.addAll(transactionActions(source));
                  } else {
                    actions.addAll(IAM_ACTIONS.getOrDefault(action, Set.of(action)));
                  }
                }
              }
            });
    return actions;
  }

  /** A write transaction needs the item-level action of each kind of item it writes. */
  private static Set<String> transactionActions(String source) {
    Set<String> actions = new TreeSet<>();
    Map.of(
            ".put(",
            "dynamodb:PutItem",
            ".update(",
            "dynamodb:UpdateItem",
            ".delete(",
            "dynamodb:DeleteItem",
            ".conditionCheck(",
            "dynamodb:ConditionCheckItem")
        .forEach(
            (call, action) -> {
              // the SDK's builder, or the JSON protocol's member written with Jackson
              String member = action.substring(action.indexOf(':') + 1).replace("Item", "");
              if (source.contains("TransactWriteItem.builder()" + call)
                  || source.contains("writeObjectFieldStart(\"" + member + "\")")) {
                actions.add(action);
              }
            });
    return actions;
  }

  private static Set<String> operationsOf(String servicePackage, String clientName) {
    try {
      Class<?> client =
          Class.forName("software.amazon.awssdk.services." + servicePackage + "." + clientName);
      Set<String> operations = new TreeSet<>();
      for (Method method : client.getMethods()) {
        String name = method.getName();
        if (Modifier.isStatic(method.getModifiers())
            || NOT_OPERATIONS.contains(name)
            || name.endsWith("Paginator")) {
          continue;
        }
        operations.add(Character.toUpperCase(name.charAt(0)) + name.substring(1));
      }
      return operations;
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "the SDK client " + clientName + " is not on the test classpath", e);
    }
  }

  static Stream<String> sources(Path... moduleDirs) {
    return Arrays.stream(moduleDirs)
        .flatMap(
            dir -> {
              Path main = dir.resolve("src/main/java");
              if (!Files.isDirectory(main)) {
                throw new IllegalStateException("no main sources in " + dir);
              }
              try (Stream<Path> files = Files.walk(main)) {
                return files
                    .filter(file -> file.toString().endsWith(".java"))
                    .filter(
                        file ->
                            NOT_IN_LAMBDA_ARTIFACT.stream()
                                .noneMatch(main.relativize(file).toString()::startsWith))
                    .map(CodeFacts::read)
                    .toList()
                    .stream();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String lower(String text) {
    return text.toLowerCase(Locale.ROOT);
  }
}
