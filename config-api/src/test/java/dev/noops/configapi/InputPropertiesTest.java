package dev.noops.configapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;

/**
 * Whatever a client sends as a key, a token or a request, the answer is a value or a 4xx reason —
 * never another failure.
 */
class InputPropertiesTest {

  @Property(tries = 2000)
  void any_string_is_a_valid_key_or_an_invalid_key_error(
      @ForAll @StringLength(max = 600) String raw) {
    try {
      assertThat(ConfigKey.of(raw).path())
          .isEqualTo(raw)
          .startsWith("/")
          .hasSizeLessThanOrEqualTo(512);
    } catch (ConfigException e) {
      assertThat(e.reason()).isEqualTo(ConfigException.Reason.INVALID_KEY);
      assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\r");
    }
  }

  @Property(tries = 1000)
  void page_tokens_round_trip(
      @ForAll @LongRange(min = 1, max = 999_999_999_999_999_999L) long version) {
    assertThat(PageToken.version(PageToken.ofVersion(version))).isEqualTo(version);
  }

  @Property(tries = 2000)
  void any_forged_token_is_an_invalid_query(@ForAll @StringLength(max = 2000) String forged) {
    for (Runnable decode :
        List.<Runnable>of(() -> PageToken.version(forged), () -> PageToken.key(forged))) {
      try {
        decode.run();
      } catch (ConfigException e) {
        assertThat(e.reason()).isEqualTo(ConfigException.Reason.INVALID_QUERY);
      }
    }
  }

  @Property(tries = 2000)
  void any_put_body_is_parsed_or_refused_with_a_400_or_413(
      @ForAll @StringLength(max = 300) String body) {
    ProxyRequest request =
        new ProxyRequest(
            "PUT",
            "/{proxy+}",
            "/config/a",
            Map.of("proxy", "config/a"),
            Map.of(),
            Map.of("Content-Type", List.of("application/json")),
            body,
            false,
            new ProxyRequest.Identity(null, "k"),
            "r");
    try {
      PutRequest put = Requests.putBody(request);
      assertThat(put.value()).isNotNull();
    } catch (ConfigException e) {
      assertThat(Responses.status(e.reason())).isIn(400, 413);
      assertThat(e.getMessage()).doesNotContain(body.length() > 3 ? body : "\u0000never");
    }
  }

  @Property(tries = 500)
  void base64_event_bodies_of_any_bytes_are_parsed_or_refused(@ForAll byte[] bytes) {
    String body = java.util.Base64.getEncoder().encodeToString(bytes);
    ProxyRequest request =
        new ProxyRequest(
            "PUT",
            "/{proxy+}",
            "/config/a",
            Map.of(),
            Map.of(),
            Map.of("Content-Type", List.of("application/json; charset=UTF-8")),
            body,
            true,
            new ProxyRequest.Identity(null, "k"),
            "r");
    try {
      assertThat(Requests.putBody(request).value()).isNotNull();
    } catch (ConfigException e) {
      assertThat(Responses.status(e.reason())).isIn(400, 413);
    }
  }

  @Property(tries = 1000)
  void if_match_headers_are_a_precondition_or_an_invalid_version(
      @ForAll @StringLength(max = 40) String header) {
    ProxyRequest request =
        new ProxyRequest(
            "PUT",
            "/",
            "/config/a",
            Map.of(),
            Map.of(),
            Map.of("If-Match", List.of(header)),
            null,
            false,
            ProxyRequest.Identity.NONE,
            "r");
    try {
      assertThat(Requests.writePrecondition(request)).isNotNull();
    } catch (ConfigException e) {
      assertThat(e.reason()).isEqualTo(ConfigException.Reason.INVALID_VERSION);
    }
  }
}
