package dev.noops.support.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

class SigV4Test {
  private static final AwsCredentials EXAMPLE =
      new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);

  @Test
  void signs_the_example_of_the_aws_general_reference() {
    Map<String, String> headers =
        Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    Map<String, String> added =
        SigV4.sign(
            "GET",
            URI.create("https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08"),
            headers,
            new byte[0],
            EXAMPLE,
            "us-east-1",
            "iam",
            Instant.parse("2015-08-30T12:36:00Z"),
            false);

    assertThat(added)
        .containsEntry("X-Amz-Date", "20150830T123600Z")
        .containsEntry(
            "Authorization",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request,"
                + " SignedHeaders=content-type;host;x-amz-date,"
                + " Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
  }

  @Test
  void a_signing_key_reused_within_a_day_gives_the_signature_a_fresh_one_gives() {
    URI uri = URI.create("https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08");
    Map<String, String> headers =
        Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    Instant at = Instant.parse("2015-08-30T12:36:00Z");
    String expected =
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request,"
            + " SignedHeaders=content-type;host;x-amz-date,"
            + " Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";

    String first =
        SigV4.sign("GET", uri, headers, new byte[0], EXAMPLE, "us-east-1", "iam", at, false)
            .get("Authorization");
    String again =
        SigV4.sign("GET", uri, headers, new byte[0], EXAMPLE, "us-east-1", "iam", at, false)
            .get("Authorization");
    String otherRegion =
        SigV4.sign("GET", uri, headers, new byte[0], EXAMPLE, "eu-west-1", "iam", at, false)
            .get("Authorization");
    String otherSecret =
        SigV4.sign(
                "GET",
                uri,
                headers,
                new byte[0],
                new AwsCredentials("AKIDEXAMPLE", "another-secret", null),
                "us-east-1",
                "iam",
                at,
                false)
            .get("Authorization");
    String nextDay =
        SigV4.sign(
                "GET",
                uri,
                headers,
                new byte[0],
                EXAMPLE,
                "us-east-1",
                "iam",
                at.plusSeconds(86_400),
                false)
            .get("Authorization");
    String afterAll =
        SigV4.sign("GET", uri, headers, new byte[0], EXAMPLE, "us-east-1", "iam", at, false)
            .get("Authorization");

    assertThat(List.of(first, again, afterAll)).containsOnly(expected);
    assertThat(List.of(otherRegion, otherSecret, nextDay))
        .doesNotContain(expected)
        .doesNotHaveDuplicates();
  }

  @Test
  void folds_whitespace_runs_and_tabs_in_header_values_only_where_there_are_some() {
    URI uri = URI.create("https://iam.amazonaws.com/");
    Instant at = Instant.parse("2015-08-30T12:36:00Z");

    String folded =
        SigV4.sign(
                "GET",
                uri,
                Map.of("X-A", " a  b\tc "),
                new byte[0],
                EXAMPLE,
                "us-east-1",
                "iam",
                at,
                false)
            .get("Authorization");
    String plain =
        SigV4.sign(
                "GET",
                uri,
                Map.of("X-A", "a b c"),
                new byte[0],
                EXAMPLE,
                "us-east-1",
                "iam",
                at,
                false)
            .get("Authorization");

    assertThat(folded).isEqualTo(plain);
  }

  @Test
  void agrees_with_the_sdk_signer_on_random_requests() {
    Random random = new Random(20261202);
    AwsV4HttpSigner sdk = AwsV4HttpSigner.create();
    List<String> methods = List.of("GET", "POST", "PUT", "DELETE");
    String alphabet = "abcXYZ019-_.~ :/%+=&?é日*'()!";
    for (int i = 0; i < 500; i++) {
      String method = methods.get(random.nextInt(methods.size()));
      StringBuilder path = new StringBuilder();
      for (int s = random.nextInt(4); s >= 0; s--) {
        path.append('/').append(SigV4.encode(segment(random, alphabet)));
      }
      if (random.nextBoolean()) {
        path.append("?").append(SigV4.encode(segment(random, alphabet))).append('=');
        path.append(SigV4.encode(word(random, alphabet)));
        path.append("&a=").append(SigV4.encode(word(random, alphabet)));
      }
      URI uri =
          URI.create(
              (random.nextBoolean()
                      ? "https://dynamodb.eu-west-1.amazonaws.com"
                      : "http://127.0.0.1:4566")
                  + (path.length() == 0 ? "/" : path));
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Content-Type", "application/x-amz-json-1.0");
      headers.put("X-Amz-Target", "DynamoDB_20120810." + word(random, "GetItemQuery"));
      if (random.nextBoolean()) {
        headers.put("X-Custom", "  two   spaces  " + word(random, "ab "));
      }
      byte[] body = word(random, alphabet + "{}\"").getBytes(StandardCharsets.UTF_8);
      AwsCredentials credentials =
          random.nextBoolean()
              ? new AwsCredentials("AKIA" + i, "secret/" + i, null)
              : new AwsCredentials("ASIA" + i, "secret+" + i, "token" + i);
      Instant now = Instant.ofEpochSecond(1_700_000_000L + random.nextInt(100_000_000));

      Map<String, String> ours =
          SigV4.sign(method, uri, headers, body, credentials, "eu-west-1", "dynamodb", now, true);

      SdkHttpRequest.Builder request =
          SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
      headers.forEach(request::putHeader);
      AwsCredentialsIdentity identity =
          credentials.sessionToken() == null
              ? AwsBasicCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey())
              : AwsSessionCredentials.create(
                  credentials.accessKeyId(),
                  credentials.secretAccessKey(),
                  credentials.sessionToken());
      SdkHttpRequest signed =
          sdk.sign(
                  r ->
                      r.identity(identity)
                          .request(request.build())
                          .payload(ContentStreamProvider.fromByteArray(body))
                          .putProperty(
                              HttpSigner.SIGNING_CLOCK,
                              java.time.Clock.fixed(now, java.time.ZoneOffset.UTC))
                          .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "dynamodb")
                          .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1"))
              .request();

      assertThat(ours.get("Authorization"))
          .as("request %d: %s %s", i, method, uri)
          .isEqualTo(signed.firstMatchingHeader("Authorization").orElseThrow());
    }
  }

  @Test
  void the_timestamp_is_the_basic_iso_form_in_utc_whatever_the_instant() {
    java.time.format.DateTimeFormatter reference =
        java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(java.time.ZoneOffset.UTC);
    Random random = new Random(7);
    for (int i = 0; i < 10_000; i++) {
      Instant instant =
          Instant.ofEpochSecond(
              random.nextLong(0, 253_402_300_799L), random.nextInt(1_000_000_000));
      assertThat(SigV4.amzDate(instant)).isEqualTo(reference.format(instant));
    }
    assertThat(SigV4.amzDate(Instant.parse("2026-01-02T03:04:05.999Z")))
        .isEqualTo("20260102T030405Z");
  }

  @Test
  void adds_the_session_token_and_optionally_the_payload_hash() {
    Map<String, String> added =
        SigV4.sign(
            "POST",
            URI.create("https://logs.eu-west-1.amazonaws.com/"),
            Map.of(),
            "{}".getBytes(StandardCharsets.UTF_8),
            new AwsCredentials("ASIAX", "secret", "the-token"),
            "eu-west-1",
            "logs",
            Instant.parse("2026-12-02T10:00:00Z"),
            true);

    assertThat(added)
        .containsEntry("X-Amz-Security-Token", "the-token")
        .containsEntry(
            "x-amz-content-sha256",
            "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
    assertThat(added.get("Authorization"))
        .contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,");
  }

  /**
   * A path segment as the functions send them: never empty, never {@code .} or {@code ..} (the SDK
   * normalizes such paths, this signer does not need to).
   */
  private static String segment(Random random, String alphabet) {
    String segment = word(random, alphabet);
    while (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
      segment = word(random, alphabet);
    }
    return segment;
  }

  private static String word(Random random, String alphabet) {
    int length = random.nextInt(12);
    StringBuilder word = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      word.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return word.toString();
  }
}
