package dev.noops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.noops.configlocal.LocalStack;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code noops config} against noops local (in memory). */
class ConfigCommandTest {
  private static LocalStack stack;
  private StringWriter out;
  private StringWriter err;

  @BeforeAll
  static void start() {
    stack = LocalStack.start(0, null, null);
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  private int config(String... args) {
    List<String> all = new ArrayList<>(List.of("config"));
    all.addAll(List.of(args));
    all.addAll(List.of("--url", stack.baseUrl().toString(), "--api-key", stack.apiKey()));
    return raw(all.toArray(String[]::new));
  }

  private int raw(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine commandLine = Noops.newCommandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void put_get_list_history_and_delete_print_tables_for_people() {
    assertThat(config("put", "/people/db-url", "jdbc:postgresql://db/orders")).isZero();
    assertThat(out.toString()).isEqualTo("created /people/db-url version 1\n");
    assertThat(config("put", "/people/db-url", "jdbc:postgresql://db2/orders", "--if-match", "1"))
        .isZero();
    assertThat(out.toString()).isEqualTo("stored /people/db-url version 2\n");

    assertThat(config("get", "/people/db-url")).isZero();
    assertThat(out.toString())
        .contains("FIELD")
        .contains("value       jdbc:postgresql://db2/orders")
        .contains("version     2");

    assertThat(config("list", "--prefix", "/people/")).isZero();
    assertThat(out.toString().lines().toList()).hasSize(2);
    assertThat(out.toString())
        .startsWith("KEY")
        .contains("/people/db-url")
        .contains("jdbc:postgresql://db2/orders");

    assertThat(config("delete", "/people/db-url")).isZero();
    assertThat(config("history", "/people/db-url")).isZero();
    assertThat(out.toString().lines().toList()).hasSize(4);
    assertThat(out.toString().lines().skip(1).findFirst().orElseThrow())
        .startsWith("3")
        .endsWith("(deleted)");
  }

  @Test
  void rollback_writes_an_old_value_as_a_new_version_and_a_stale_if_match_exits_1() {
    assertThat(config("put", "/rb/flag", "on")).isZero();
    assertThat(config("put", "/rb/flag", "off")).isZero();

    assertThat(config("rollback", "/rb/flag", "1", "--if-match", "1")).isEqualTo(1);
    assertThat(err.toString()).contains("PreconditionFailed");
    assertThat(config("rollback", "/rb/flag", "1")).isZero();
    assertThat(out.toString())
        .isEqualTo("rolled /rb/flag back to version 1's value as version 3\n");
    assertThat(config("get", "/rb/flag")).isZero();
    assertThat(out.toString()).contains("value       on").contains("version     3");
    assertThat(config("rollback", "/rb/flag", "7")).isEqualTo(1);
    assertThat(err.toString()).contains("NotFound");
  }

  @Test
  void encrypt_stores_ciphertext_and_tables_never_print_it() throws Exception {
    assertThat(config("put", "/cmd/password", "s3cret", "--encrypt")).isZero();

    assertThat(config("list", "--prefix", "/cmd/password")).isZero();
    assertThat(out.toString()).contains("(encrypted)").doesNotContain("s3cret");
    assertThat(config("get", "/cmd/password", "--json")).isZero();
    JsonNode item = ConfigHttp.JSON.readTree(out.toString());
    assertThat(item.get("encrypted").asBoolean()).isTrue();
    assertThat(item.get("value").asText()).doesNotContain("s3cret");
  }

  @Test
  void a_dash_reads_the_value_from_stdin() {
    InputStream stdin = System.in;
    System.setIn(new ByteArrayInputStream("from stdin\n".getBytes(StandardCharsets.UTF_8)));
    try {
      assertThat(config("put", "/cmd/stdin", "-")).isZero();
    } finally {
      System.setIn(stdin);
    }
    config("get", "/cmd/stdin", "--json");
    assertThat(out.toString()).contains("\"value\" : \"from stdin\"");
  }

  @Test
  void json_output_is_the_api_answer_across_every_page() throws Exception {
    for (int i = 0; i < 120; i++) {
      assertThat(config("put", "/pages/k" + String.format("%03d", i), "v" + i)).isZero();
    }

    assertThat(config("list", "--prefix", "/pages/", "--json")).isZero();

    JsonNode items = ConfigHttp.JSON.readTree(out.toString()).get("items");
    assertThat(items).hasSize(120);
    assertThat(items.get(119).get("key").asText()).isEqualTo("/pages/k119");
  }

  @Test
  void an_api_refusal_prints_its_code_and_exits_1() {
    config("put", "/cmd/cas", "a");

    assertThat(config("put", "/cmd/cas", "b", "--if-match", "7")).isEqualTo(1);
    assertThat(err.toString()).contains("PreconditionFailed").contains("version 7");
    assertThat(config("get", "/cmd/absent")).isEqualTo(1);
    assertThat(err.toString()).contains("NotFound");
    assertThat(config("get", "/bad key")).isEqualTo(1);
    assertThat(err.toString()).contains("InvalidKey");
  }

  @Test
  void a_wrong_api_key_exits_1_with_forbidden() {
    assertThat(
            raw(
                "config",
                "get",
                "/a",
                "--url",
                stack.baseUrl().toString(),
                "--api-key",
                "wrong-key-0123456789"))
        .isEqualTo(1);
    assertThat(err.toString()).contains("Forbidden");
  }

  @Test
  void an_unreachable_api_exits_1() {
    int port = dev.noops.local.dynamodb.FreePort.find();

    assertThat(raw("config", "get", "/a", "--url", "http://127.0.0.1:" + port, "--api-key", "k"))
        .isEqualTo(1);
    assertThat(err.toString()).contains("cannot reach http://127.0.0.1:" + port);
  }

  @Test
  void missing_url_or_key_is_a_usage_error() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        System.getenv("NOOPS_CONFIG_URL") == null, "NOOPS_CONFIG_URL is set");

    assertThat(raw("config", "get", "/a")).isEqualTo(2);
    assertThat(err.toString()).contains("NOOPS_CONFIG_URL");
  }

  @Test
  void a_key_cannot_smuggle_a_query_or_another_route() {
    assertThat(ConfigHttp.encodeKey("/a?version=1")).isEqualTo("/a%3Fversion%3D1");
    assertThat(ConfigHttp.encodeKey("/a b")).isEqualTo("/a%20b");
    assertThat(ConfigHttp.encodeKey("/orders/db-url")).isEqualTo("/orders/db-url");
  }
}
