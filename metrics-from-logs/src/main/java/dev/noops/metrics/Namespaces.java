package dev.noops.metrics;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * CloudWatch's namespace rules: 1 to 255 of {@code [A-Za-z0-9._/#:- ]}, not starting with ':', not
 * {@code AWS/...}.
 */
final class Namespaces {
  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._/#: -]{1,255}");

  private Namespaces() {}

  static String check(String namespace) {
    Objects.requireNonNull(namespace, "namespace == null");
    if (!ALLOWED.matcher(namespace).matches() || namespace.startsWith(":") || namespace.isBlank()) {
      throw new IllegalArgumentException(
          "namespace must be 1 to 255 of letters, digits and ._/#:- (not starting with ':'): "
              + LineGrammar.shorten(namespace));
    }
    if (namespace.toUpperCase(Locale.ROOT).startsWith("AWS/")) {
      throw new IllegalArgumentException(
          "namespaces starting with AWS/ are reserved for AWS services: "
              + LineGrammar.shorten(namespace));
    }
    return namespace;
  }
}
