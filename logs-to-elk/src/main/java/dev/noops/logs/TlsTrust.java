package dev.noops.logs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS trust for a self-managed cluster: a CA bundle (PEM, from {@code ES_CA_FILE} or the text of
 * {@code ES_CA_PEM}, e.g. resolved from a secret by the template) that replaces the JVM's CAs,
 * and/or a pinned SHA-256 fingerprint ({@code ES_CA_FINGERPRINT}, hex, colons allowed) that one
 * certificate of the server's chain must have (the server's own or its CA's). With only a
 * fingerprint the chain is trusted through the pin; with both, the chain must verify against the
 * bundle and carry the pin. Host names are checked by the HTTP client either way.
 */
final class TlsTrust {
  private TlsTrust() {}

  /**
   * The SSL context for these settings, or null when none is set (the JVM's defaults).
   *
   * @throws ConfigException naming the setting that cannot be read
   */
  static SSLContext context(String caFile, String caPem, String fingerprint) {
    if (caFile == null && caPem == null && fingerprint == null) {
      return null;
    }
    try {
      X509TrustManager chain =
          caFile == null && caPem == null ? null : bundle(caFile != null ? read(caFile) : caPem);
      byte[] pin = fingerprint == null ? null : pin(fingerprint);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new Checked(chain, pin)}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new ConfigException(
          "the TLS settings (ES_CA_FILE, ES_CA_PEM, ES_CA_FINGERPRINT) cannot be used: "
              + e.getClass().getSimpleName());
    }
  }

  private static String read(String file) {
    try {
      return Files.readString(Path.of(file), StandardCharsets.US_ASCII);
    } catch (IOException | RuntimeException e) {
      throw new ConfigException("ES_CA_FILE cannot be read: " + file);
    }
  }

  private static X509TrustManager bundle(String pem) throws GeneralSecurityException {
    Collection<? extends java.security.cert.Certificate> certificates =
        java.security.cert.CertificateFactory.getInstance("X.509")
            .generateCertificates(
                new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    if (certificates.isEmpty()) {
      throw new ConfigException("the CA bundle (ES_CA_FILE or ES_CA_PEM) holds no PEM certificate");
    }
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException(e);
    }
    int i = 0;
    for (java.security.cert.Certificate certificate : certificates) {
      store.setCertificateEntry("ca-" + i++, certificate);
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("no X.509 trust manager");
  }

  private static byte[] pin(String fingerprint) {
    String hex = fingerprint.replace(":", "").strip().toLowerCase(Locale.ROOT);
    if (!hex.matches("[0-9a-f]{64}")) {
      throw new ConfigException(
          "ES_CA_FINGERPRINT must be a SHA-256 fingerprint (64 hex digits, colons allowed)");
    }
    return HexFormat.of().parseHex(hex);
  }

  /** Verifies the chain against the bundle (when set) and requires the pin (when set). */
  @SuppressWarnings("ArrayRecordComponent") // a trust manager, never compared or hashed
  private record Checked(X509TrustManager chain, byte[] pin) implements X509TrustManager {
    @Override
    public void checkServerTrusted(X509Certificate[] certificates, String authType)
        throws CertificateException {
      if (chain != null) {
        chain.checkServerTrusted(certificates, authType);
      }
      if (pin != null && !pinned(certificates)) {
        throw new CertificateException(
            "no certificate of the server's chain has the pinned fingerprint");
      }
    }

    private boolean pinned(X509Certificate[] certificates) throws CertificateException {
      for (X509Certificate certificate : certificates) {
        try {
          if (MessageDigest.isEqual(
              pin, MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()))) {
            return true;
          }
        } catch (java.security.NoSuchAlgorithmException e) {
          throw new CertificateException(e);
        }
      }
      return false;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certificates, String authType)
        throws CertificateException {
      throw new CertificateException("the shipper is never a TLS server");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return chain == null ? new X509Certificate[0] : chain.getAcceptedIssuers();
    }
  }
}
