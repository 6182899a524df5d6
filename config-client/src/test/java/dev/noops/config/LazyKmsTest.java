package dev.noops.config;

import static dev.noops.config.SecretTest.DECRYPT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.noops.testsupport.AwsWireMock;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The AWS SDK is an optional dependency loaded only by getSecret. Each test runs the client in a
 * fresh class loader that defines every class itself, so the loader can say which classes were
 * loaded — and can be built without the SDK jars at all.
 */
class LazyKmsTest {
  private static final String[] KMS_CLASSES = {
    "dev.noops.config.KmsSecretDecryptor",
    "software.amazon.awssdk.services.kms.KmsClient",
    "software.amazon.awssdk.core.SdkBytes",
    "software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient"
  };
  private static AwsWireMock kms;
  @RegisterExtension final FakeConfigApi api = new FakeConfigApi();

  @BeforeAll
  static void startKms() {
    kms = AwsWireMock.start();
    AwsTestProperties.set();
  }

  @AfterAll
  static void stopKms() {
    kms.close();
    AwsTestProperties.clear();
  }

  @Test
  void get_loads_no_kms_class_and_the_first_get_secret_loads_them() throws Exception {
    api.put("/orders/db-url", "jdbc:x");
    api.put("/orders/db-password", SecretTest.b64(new byte[] {4, 2}), true);
    kms.stubJson(DECRYPT, SecretTest.plaintext(SecretTest.PLAINTEXT));
    try (IsolatedLoader loader = new IsolatedLoader(jar -> true)) {
      Object value = loader.probe("readPlain", api.url(), FakeConfigApi.API_KEY, "/orders/db-url");
      assertThat(value).isEqualTo("jdbc:x");
      assertThat(loader.isLoaded(ConfigClient.class.getName()))
          .as("the probe really ran in this loader")
          .isTrue();
      for (String name : KMS_CLASSES) {
        assertThat(loader.isLoaded(name)).as(name + " after get()").isFalse();
      }

      Object secret =
          loader.probe(
              "readPlainThenSecret",
              api.url(),
              FakeConfigApi.API_KEY,
              "/orders/db-url",
              "/orders/db-password",
              kms.endpoint().toString());
      assertThat(secret).isEqualTo(SecretTest.PLAINTEXT);
      for (String name : KMS_CLASSES) {
        assertThat(loader.isLoaded(name)).as(name + " after getSecret()").isTrue();
      }
    }
  }

  @Test
  void without_the_sdk_on_the_classpath_get_works_and_get_secret_says_what_is_missing()
      throws Exception {
    api.put("/orders/db-url", "jdbc:x");
    api.put("/orders/db-password", SecretTest.b64(new byte[] {4, 2}), true);
    try (IsolatedLoader loader = new IsolatedLoader(jar -> !jar.contains("awssdk"))) {
      assertThat(loader.probe("readPlain", api.url(), FakeConfigApi.API_KEY, "/orders/db-url"))
          .isEqualTo("jdbc:x");
      Object answer =
          loader.probe(
              "readPlainThenSecret",
              api.url(),
              FakeConfigApi.API_KEY,
              "/orders/db-url",
              "/orders/db-password",
              kms.endpoint().toString());
      assertThat(answer)
          .isEqualTo(
              "ConfigException: getSecret needs software.amazon.awssdk:kms and "
                  + "software.amazon.awssdk:url-connection-client on the classpath");
    }
  }

  /** Defines every class of the test class path itself (parent: the platform loader). */
  private static final class IsolatedLoader extends URLClassLoader {
    IsolatedLoader(Predicate<String> keepJar) {
      super("isolated", urls(keepJar), ClassLoader.getPlatformClassLoader());
    }

    boolean isLoaded(String name) {
      return findLoadedClass(name) != null;
    }

    Object probe(String method, String... args) throws ReflectiveOperationException {
      Class<?>[] types = new Class<?>[args.length];
      java.util.Arrays.fill(types, String.class);
      return loadClass(KmsLoadProbe.class.getName())
          .getMethod(method, types)
          .invoke(null, (Object[]) args);
    }

    @Override
    public void close() {
      try {
        super.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static URL[] urls(Predicate<String> keepJar) {
      String classPath =
          System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      List<URL> urls = new ArrayList<>();
      for (String entry : classPath.split(File.pathSeparator, -1)) {
        if (!entry.isBlank() && keepJar.test(entry)) {
          try {
            urls.add(new File(entry).toURI().toURL());
          } catch (MalformedURLException e) {
            throw new IllegalArgumentException(entry, e);
          }
        }
      }
      return urls.toArray(new URL[0]);
    }
  }
}
