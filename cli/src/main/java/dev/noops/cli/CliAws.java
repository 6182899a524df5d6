package dev.noops.cli;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileSystemSetting;
import software.amazon.awssdk.profiles.ProfileProperty;

/**
 * AWS settings for the terminal: the region comes from {@code AWS_REGION} (or {@code
 * -Daws.region}), then {@code AWS_DEFAULT_REGION} (what AWS CLI users set), then the profile's
 * {@code region}, then an ARN the command was given; SDK failures become one line saying what to
 * set.
 */
final class CliAws {
  static final String NO_REGION =
      "no AWS region: set AWS_REGION (or AWS_DEFAULT_REGION, or region in your AWS profile)";
  static final String NO_CREDENTIALS =
      "no AWS credentials: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and "
          + "AWS_SECRET_ACCESS_KEY (aws configure / aws sso login)";

  private CliAws() {}

  /** The region to use, if any source names one. */
  static Optional<String> region(Map<String, String> env, String arn) {
    return region(env, System.getProperty("aws.region"), CliAws::profileRegion, arn);
  }

  static Optional<String> region(
      Map<String, String> env, String property, Supplier<Optional<String>> profile, String arn) {
    for (String candidate :
        new String[] {property, env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION")}) {
      if (candidate != null && !candidate.isBlank()) {
        return Optional.of(candidate.strip());
      }
    }
    Optional<String> fromProfile = profile.get();
    return fromProfile.isPresent() ? fromProfile : arnRegion(arn);
  }

  /** {@code arn:aws:lambda:eu-west-1:123456789012:function:f} → {@code eu-west-1}. */
  static Optional<String> arnRegion(String arn) {
    if (arn == null) {
      return Optional.empty();
    }
    String[] parts = arn.split(":", 6);
    return parts.length >= 5 && parts[0].equals("arn") && parts[3].matches("[a-z]{2}(-[a-z]+)+-\\d")
        ? Optional.of(parts[3])
        : Optional.empty();
  }

  private static Optional<String> profileRegion() {
    try {
      String name = ProfileFileSystemSetting.AWS_PROFILE.getStringValueOrThrow();
      return ProfileFile.defaultProfileFile()
          .profile(name)
          .flatMap(p -> p.property(ProfileProperty.REGION));
    } catch (RuntimeException e) {
      return Optional.empty(); // no profile file, or an unreadable one: the other sources decide
    }
  }

  /** One line for an SDK failure, without the provider chain's account of every source it tried. */
  static String describe(SdkException e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("Unable to load region")) {
      return NO_REGION;
    }
    if (message.contains("Unable to load credentials")) {
      return NO_CREDENTIALS;
    }
    String first = message.lines().findFirst().orElse(message);
    int chain = first.indexOf(": [");
    first = chain > 0 ? first.substring(0, chain) : first;
    return first.length() > 200 ? first.substring(0, 200) + "…" : first;
  }
}
