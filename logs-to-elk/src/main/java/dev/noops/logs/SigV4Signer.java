package dev.noops.logs;

import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * AWS Signature Version 4 with the SDK's signer, for Amazon OpenSearch Service ({@code es}) and
 * OpenSearch Serverless ({@code aoss}). The body is signed as sent (gzip), and its SHA-256 goes in
 * {@code x-amz-content-sha256}, which OpenSearch Serverless requires.
 */
final class SigV4Signer implements RequestSigner {
  private static final List<String> NOT_SET_BY_CALLER = List.of("host", "content-length");

  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
  private final AwsCredentialsProvider credentials;
  private final String service;
  private final String region;

  SigV4Signer(AwsCredentialsProvider credentials, String service, String region) {
    this.credentials = Objects.requireNonNull(credentials, "credentials == null");
    this.service = Objects.requireNonNull(service, "service == null");
    this.region = Objects.requireNonNull(region, "region == null");
  }

  @Override
  public Map<String, String> headers(
      String method, URI uri, Map<String, String> headers, byte[] body) {
    String contentSha256 = sha256(body);
    SdkHttpRequest.Builder request =
        SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
    headers.forEach(request::putHeader);
    request.putHeader("x-amz-content-sha256", contentSha256);
    SignedRequest signed =
        signer.sign(
            r ->
                r.identity(credentials.resolveCredentials())
                    .request(request.build())
                    .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    Map<String, String> added = new LinkedHashMap<>();
    signed
        .request()
        .headers()
        .forEach(
            (name, values) -> {
              if (!NOT_SET_BY_CALLER.contains(name.toLowerCase(java.util.Locale.ROOT))
                  && !headers.containsKey(name)) {
                added.put(name, String.join(",", values));
              }
            });
    return added;
  }

  private static String sha256(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
