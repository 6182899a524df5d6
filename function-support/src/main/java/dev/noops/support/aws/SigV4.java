package dev.noops.support.aws;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for one request with a body in memory, as the AWS General Reference
 * specifies it ("Create a signed AWS API request"): canonical request, string to sign, derived key,
 * {@code Authorization} header. Written out instead of taking the SDK's signer because that signer
 * brings about 600 classes and 300 ms to a cold start for what is a few HMACs; the tests compare
 * both on random requests.
 */
public final class SigV4 {
  private static final HexFormat HEX = HexFormat.of();

  /**
   * The last signing key derived (it depends only on the secret, the day, the region and the
   * service, so a client signs a day's calls with one): four HMACs saved per request.
   */
  private static volatile SigningKey lastKey;

  private SigV4() {}

  @SuppressWarnings("ArrayRecordComponent") // a derived key, compared only through its inputs
  private record SigningKey(String secret, String date, String region, String service, byte[] key) {
    boolean derivedFrom(String secret, String date, String region, String service) {
      return this.secret.equals(secret)
          && this.date.equals(date)
          && this.region.equals(region)
          && this.service.equals(service);
    }
  }

  private static byte[] signingKey(String secret, String date, String region, String service) {
    SigningKey cached = lastKey;
    if (cached != null && cached.derivedFrom(secret, date, region, service)) {
      return cached.key();
    }
    byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
    key = hmac(key, region);
    key = hmac(key, service);
    key = hmac(key, "aws4_request");
    lastKey = new SigningKey(secret, date, region, service, key);
    return key;
  }

  /**
   * The headers to add to the request: {@code X-Amz-Date}, {@code X-Amz-Security-Token} with
   * temporary credentials, {@code x-amz-content-sha256} when {@code contentSha256Header} is set,
   * and {@code Authorization}. {@code headers} are the request's own headers (without {@code Host},
   * which is taken from the URI); all of them are signed.
   */
  public static Map<String, String> sign(
      String method,
      URI uri,
      Map<String, String> headers,
      byte[] body,
      AwsCredentials credentials,
      String region,
      String service,
      Instant now,
      boolean contentSha256Header) {
    String amzDate = amzDate(now);
    String date = amzDate.substring(0, 8);
    String payloadHash = HEX.formatHex(sha256(body));
    Map<String, String> added = new LinkedHashMap<>();
    added.put("X-Amz-Date", amzDate);
    if (credentials.sessionToken() != null) {
      added.put("X-Amz-Security-Token", credentials.sessionToken());
    }
    if (contentSha256Header) {
      added.put("x-amz-content-sha256", payloadHash);
    }
    TreeMap<String, String> canonical = new TreeMap<>();
    canonical.put("host", host(uri));
    headers.forEach((name, value) -> canonical.put(name.toLowerCase(Locale.ROOT), trim(value)));
    added.forEach((name, value) -> canonical.put(name.toLowerCase(Locale.ROOT), trim(value)));
    StringBuilder canonicalHeaders = new StringBuilder();
    canonical.forEach(
        (name, value) -> canonicalHeaders.append(name).append(':').append(value).append('\n'));
    String signedHeaders = String.join(";", canonical.keySet());
    String canonicalRequest =
        String.join(
            "\n",
            method,
            canonicalPath(uri.getRawPath()),
            canonicalQuery(uri.getRawQuery()),
            canonicalHeaders.toString(),
            signedHeaders,
            payloadHash);
    String scope = date + "/" + region + "/" + service + "/aws4_request";
    String stringToSign =
        String.join(
            "\n",
            "AWS4-HMAC-SHA256",
            amzDate,
            scope,
            HEX.formatHex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8))));
    byte[] key = signingKey(credentials.secretAccessKey(), date, region, service);
    String signature = HEX.formatHex(hmac(key, stringToSign));
    added.put(
        "Authorization",
        "AWS4-HMAC-SHA256 Credential="
            + credentials.accessKeyId()
            + "/"
            + scope
            + ", SignedHeaders="
            + signedHeaders
            + ", Signature="
            + signature);
    return added;
  }

  /**
   * {@code yyyyMMdd'T'HHmmss'Z'} in UTC, written out: a {@code DateTimeFormatter} pattern costs
   * every cold start its parser and printer classes.
   */
  static String amzDate(Instant now) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(now.getEpochSecond(), 0, ZoneOffset.UTC);
    StringBuilder out = new StringBuilder(16);
    digits(out, t.getYear(), 4);
    digits(out, t.getMonthValue(), 2);
    digits(out, t.getDayOfMonth(), 2);
    out.append('T');
    digits(out, t.getHour(), 2);
    digits(out, t.getMinute(), 2);
    digits(out, t.getSecond(), 2);
    return out.append('Z').toString();
  }

  private static void digits(StringBuilder out, int value, int width) {
    String text = Integer.toString(value);
    for (int i = text.length(); i < width; i++) {
      out.append('0');
    }
    out.append(text);
  }

  private static String host(URI uri) {
    int port = uri.getPort();
    boolean defaultPort =
        port == -1
            || ("https".equalsIgnoreCase(uri.getScheme()) && port == 443)
            || ("http".equalsIgnoreCase(uri.getScheme()) && port == 80);
    return defaultPort ? uri.getHost() : uri.getHost() + ":" + port;
  }

  private static String trim(String value) {
    String stripped = value.strip();
    for (int i = 0; i < stripped.length(); i++) {
      char c = stripped.charAt(i);
      // a run of whitespace, or whitespace other than a space, is folded to one space
      if (Character.isWhitespace(c)
          && (c != ' '
              || (i + 1 < stripped.length() && Character.isWhitespace(stripped.charAt(i + 1))))) {
        return stripped.replaceAll("\\s+", " ");
      }
    }
    return stripped;
  }

  /** The path as sent, already percent-encoded by the caller, each segment encoded once more. */
  private static String canonicalPath(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      return "/";
    }
    StringBuilder path = new StringBuilder(rawPath.length() + 16);
    for (String segment : rawPath.split("/", -1)) {
      if (path.length() > 0 || !segment.isEmpty()) {
        path.append('/');
      }
      path.append(encode(segment));
    }
    String result = path.toString();
    if (!result.startsWith("/")) {
      result = "/" + result;
    }
    return result;
  }

  private static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> pairs = new ArrayList<>();
    for (String pair : rawQuery.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      pairs.add(new String[] {encode(decode(name)), encode(decode(value))});
    }
    pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    StringBuilder query = new StringBuilder();
    for (String[] pair : pairs) {
      if (query.length() > 0) {
        query.append('&');
      }
      query.append(pair[0]).append('=').append(pair[1]);
    }
    return query.toString();
  }

  private static String decode(String value) {
    return java.net.URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /**
   * RFC 3986 unreserved characters stay, every other byte becomes {@code %XX} (upper case): the
   * encoding of SigV4's canonical request, and of a name put in an AWS request path (Lambda's
   * {@code /functions/{name}/invocations}).
   */
  public static String encode(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length + 8);
    for (byte b : bytes) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xf, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
