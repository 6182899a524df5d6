package dev.noops.config;

import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;

/**
 * KMS {@code Decrypt} with the encryption context {@code {"noops:key": key}}, so a ciphertext
 * copied under another key does not decrypt. Region, credentials and endpoint come from the SDK's
 * defaults ({@code AWS_REGION}, {@code AWS_ENDPOINT_URL_KMS} / {@code AWS_ENDPOINT_URL}) unless an
 * endpoint is given. Created on the first {@code getSecret}, never before (see {@link
 * SecretDecryptor}).
 */
final class KmsSecretDecryptor implements SecretDecryptor {
  private final KmsClient kms;

  KmsSecretDecryptor(URI endpointOverride) {
    KmsClientBuilder builder = KmsClient.builder().httpClient(UrlConnectionHttpClient.create());
    if (endpointOverride != null) {
      builder.endpointOverride(endpointOverride);
    }
    try {
      this.kms = builder.build();
    } catch (SdkException e) {
      throw new ConfigException("cannot create the KMS client: " + e.getMessage(), e);
    }
  }

  @Override
  public String decrypt(String key, String ciphertextBase64, Duration timeout) {
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(ciphertextBase64);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("the ciphertext stored under " + key + " is not base64");
    }
    try {
      return kms.decrypt(
              request ->
                  request
                      .ciphertextBlob(SdkBytes.fromByteArrayUnsafe(blob))
                      .encryptionContext(Map.of(CONTEXT_KEY, key))
                      .overrideConfiguration(o -> o.apiCallTimeout(timeout)))
          .plaintext()
          .asUtf8String();
    } catch (AwsServiceException e) {
      throw new ConfigException(
          "KMS cannot decrypt "
              + key
              + ": "
              + e.awsErrorDetails().errorCode()
              + " ("
              + e.statusCode()
              + ")",
          e);
    } catch (SdkException e) {
      throw new ConfigException(
          "KMS cannot decrypt " + key + ": " + e.getClass().getSimpleName(), e);
    }
  }

  @Override
  public void close() {
    kms.close();
  }
}
