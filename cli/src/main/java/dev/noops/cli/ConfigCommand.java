package dev.noops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code noops config}: read and write the config API of a deployed stack or of {@code noops
 * local}.
 */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description =
        "Reads and writes config values through the config API (a deployed stack or noops local).",
    subcommands = {
      ConfigCommand.Get.class,
      ConfigCommand.Put.class,
      ConfigCommand.Delete.class,
      ConfigCommand.List.class,
      ConfigCommand.History.class,
      ConfigCommand.Rollback.class
    })
final class ConfigCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing subcommand: get, put, delete, list or history");
  }

  /** Where the API is, how to authenticate, and how to print. */
  static final class ApiOptions {
    @Option(
        names = "--url",
        defaultValue = "${env:NOOPS_CONFIG_URL}",
        description = "the API's base URL (default: $NOOPS_CONFIG_URL), e.g. http://localhost:8080")
    String url;

    @Option(
        names = "--api-key",
        defaultValue = "${env:NOOPS_CONFIG_API_KEY}",
        description = "the API key, sent as x-api-key (default: $NOOPS_CONFIG_API_KEY)")
    String apiKey;

    @Option(names = "--json", description = "print the API's JSON instead of a table")
    boolean json;
  }

  /** Shared plumbing: check options, call, print errors, map outcomes to exit codes. */
  abstract static class ApiCall implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ApiOptions api;

    abstract int call(ConfigHttp http, PrintWriter out) throws IOException, InterruptedException;

    @Override
    public Integer call() throws InterruptedException {
      if (api.url == null || api.url.isBlank() || api.apiKey == null || api.apiKey.isBlank()) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "give --url and --api-key, or set NOOPS_CONFIG_URL and NOOPS_CONFIG_API_KEY (./noops"
                + " local prints both)");
      }
      try {
        return call(new ConfigHttp(api.url, api.apiKey), spec.commandLine().getOut());
      } catch (Refused e) {
        return fail(e.answer.error());
      } catch (ConnectException | HttpTimeoutException e) {
        return fail("cannot reach " + api.url + " (" + e.getClass().getSimpleName() + ")");
      } catch (IOException e) {
        return fail("request to " + api.url + " failed: " + e.getMessage());
      } catch (IllegalArgumentException e) {
        return fail("bad URL or key: " + e.getMessage());
      }
    }

    int fail(String message) {
      spec.commandLine().getErr().println("noops config: " + message);
      return 1;
    }

    /** The answer's body if the API said yes; otherwise the command ends with its error. */
    static JsonNode ok(ConfigHttp.Answer answer) {
      if (!answer.ok()) {
        throw new Refused(answer);
      }
      return answer.body();
    }

    /** Every item of a paged listing: {@code path} (with its query) is followed to the end. */
    static ArrayNode allPages(ConfigHttp http, String path, String field)
        throws IOException, InterruptedException {
      ArrayNode items = ConfigHttp.JSON.createArrayNode();
      String token = null;
      do {
        JsonNode page =
            ok(http.get(path + (token == null ? "" : "&nextToken=" + ConfigHttp.query(token))));
        items.addAll((ArrayNode) page.withArray(field));
        token = page.path("nextToken").isTextual() ? page.get("nextToken").asText() : null;
      } while (token != null);
      return items;
    }

    /** Prints {@code json} with --json, else {@code line}. */
    int print(PrintWriter out, JsonNode json, String line) throws IOException {
      if (api.json) {
        printJson(out, json);
      } else {
        out.println(line);
        out.flush();
      }
      return 0;
    }

    void printJson(PrintWriter out, JsonNode node) throws IOException {
      out.println(ConfigHttp.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
      out.flush();
    }
  }

  /** The API answered with an error: the command prints it and exits 1. */
  private static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient ConfigHttp.Answer answer;

    Refused(ConfigHttp.Answer answer) {
      super(answer.error(), null, false, false);
      this.answer = answer;
    }
  }

  // no standard --version here: this command's --version N names a value's version (picocli's would
  // shadow it)
  @Command(name = "get", description = "Prints a key's current value (or --version N).")
  static final class Get extends ApiCall {
    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Show this help message and exit.")
    boolean help;

    @Parameters(paramLabel = "KEY", description = "e.g. /orders/db-url")
    String key;

    @Option(names = "--version", description = "read this version instead of the current one")
    Long version;

    @Override
    int call(ConfigHttp http, PrintWriter out) throws IOException, InterruptedException {
      JsonNode item =
          ok(
              http.get(
                  "/config"
                      + ConfigHttp.encodeKey(key)
                      + (version == null ? "" : "?version=" + version)));
      if (api.json) {
        printJson(out, item);
        return 0;
      }
      new Table("FIELD", "VALUE")
          .row("key", item.path("key").asText())
          .row("value", item.path("value").asText())
          .row(
              "encrypted",
              item.path("encrypted").asBoolean() ? "yes (KMS ciphertext, base64)" : "no")
          .row("version", item.path("version").asLong())
          .row("updated at", item.path("updatedAt").asText())
          .row("updated by", item.path("updatedBy").asText())
          .print(out);
      return 0;
    }
  }

  @Command(
      name = "put",
      mixinStandardHelpOptions = true,
      description = "Stores a value; '-' reads it from stdin (keeps secrets out of shell history).")
  static final class Put extends ApiCall {
    @Parameters(index = "0", paramLabel = "KEY")
    String key;

    @Parameters(index = "1", paramLabel = "VALUE")
    String value;

    @Option(
        names = "--encrypt",
        description = "have the service encrypt the value with its KMS key")
    boolean encrypt;

    @Option(names = "--encrypted", description = "the value is base64 KMS ciphertext you made")
    boolean encrypted;

    @Option(
        names = "--if-match",
        paramLabel = "VERSION",
        description = "write only if the current version is VERSION")
    Long ifMatch;

    @Option(names = "--if-absent", description = "write only if the key does not exist")
    boolean ifAbsent;

    @Override
    int call(ConfigHttp http, PrintWriter out) throws IOException, InterruptedException {
      String text = value.equals("-") ? stdin() : value;
      ObjectNode body = ConfigHttp.JSON.createObjectNode().put("value", text);
      if (encrypt) {
        body.put("encrypt", true);
      }
      if (encrypted) {
        body.put("encrypted", true);
      }
      ConfigHttp.Answer answer = http.put(key, body, conditions(ifMatch, ifAbsent));
      JsonNode stored = ok(answer);
      return print(
          out,
          stored,
          (answer.status() == 201 ? "created " : "stored ")
              + stored.path("key").asText()
              + " version "
              + stored.path("version").asLong());
    }

    private static String stdin() throws IOException {
      String read = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
      return read.endsWith("\n") ? read.substring(0, read.length() - 1) : read;
    }
  }

  @Command(
      name = "rollback",
      mixinStandardHelpOptions = true,
      description = {
        "Writes version VERSION's value as a new version (a secret stays ciphertext).",
        "Fails, writing nothing, if the key changes meanwhile (or is not at --if-match)."
      })
  static final class Rollback extends ApiCall {
    @Parameters(index = "0", paramLabel = "KEY")
    String key;

    @Parameters(index = "1", paramLabel = "VERSION")
    long version;

    @Option(
        names = "--if-match",
        paramLabel = "CURRENT",
        description = "roll back only if the current version is CURRENT")
    Long ifMatch;

    @Override
    int call(ConfigHttp http, PrintWriter out) throws IOException, InterruptedException {
      JsonNode stored =
          ok(
              http.put(
                  key,
                  ConfigHttp.JSON.createObjectNode().put("rollbackTo", version),
                  conditions(ifMatch, false)));
      return print(
          out,
          stored,
          "rolled "
              + stored.path("key").asText()
              + " back to version "
              + version
              + "'s value as version "
              + stored.path("version").asLong());
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Deletes a key (its history is kept).")
  static final class Delete extends ApiCall {
    @Parameters(paramLabel = "KEY")
    String key;

    @Option(
        names = "--if-match",
        paramLabel = "VERSION",
        description = "delete only if the current version is VERSION")
    Long ifMatch;

    @Override
    int call(ConfigHttp http, PrintWriter out) throws IOException, InterruptedException {
      ok(http.delete(key, conditions(ifMatch, false)));
      return print(
          out,
          ConfigHttp.JSON.createObjectNode().put("key", key).put("deleted", true),
          "deleted " + key);
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists the keys under a prefix, every page.")
  static final class List extends ApiCall {
    @Option(
        names = "--prefix",
        defaultValue = "/",
        description = "e.g. /orders/ (default: ${DEFAULT-VALUE})")
    String prefix;

    @Override
    int call(ConfigHttp http, PrintWriter out) throws IOException, InterruptedException {
      ArrayNode items =
          allPages(http, "/config?prefix=" + ConfigHttp.query(prefix) + "&limit=100", "items");
      if (api.json) {
        printJson(out, ConfigHttp.JSON.createObjectNode().set("items", items));
        return 0;
      }
      Table table = new Table("KEY", "VERSION", "UPDATED AT", "UPDATED BY", "VALUE");
      items.forEach(
          item ->
              table.row(
                  item.path("key").asText(),
                  item.path("version").asLong(),
                  item.path("updatedAt").asText(),
                  item.path("updatedBy").asText(),
                  item.path("encrypted").asBoolean()
                      ? "(encrypted)"
                      : item.path("value").asText()));
      table.print(out);
      return 0;
    }
  }

  @Command(
      name = "history",
      mixinStandardHelpOptions = true,
      description = "Lists a key's versions, newest first.")
  static final class History extends ApiCall {
    @Parameters(paramLabel = "KEY")
    String key;

    @Override
    int call(ConfigHttp http, PrintWriter out) throws IOException, InterruptedException {
      ArrayNode versions =
          allPages(http, "/history" + ConfigHttp.encodeKey(key) + "?limit=100", "versions");
      if (api.json) {
        printJson(
            out, ConfigHttp.JSON.createObjectNode().put("key", key).set("versions", versions));
        return 0;
      }
      Table table = new Table("VERSION", "UPDATED AT", "UPDATED BY", "VALUE");
      versions.forEach(
          v ->
              table.row(
                  v.path("version").asLong(),
                  v.path("updatedAt").asText(),
                  v.path("updatedBy").asText(),
                  v.path("deleted").asBoolean()
                      ? "(deleted)"
                      : v.path("encrypted").asBoolean()
                          ? "(encrypted)"
                          : v.path("value").asText()));
      table.print(out);
      return 0;
    }
  }

  static Map<String, String> conditions(Long ifMatch, boolean ifAbsent) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (ifMatch != null) {
      headers.put("If-Match", "\"" + ifMatch + "\"");
    }
    if (ifAbsent) {
      headers.put("If-None-Match", "*");
    }
    return headers;
  }
}
