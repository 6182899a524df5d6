package dev.noops.subscribe;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where subscribed log groups deliver to: a Lambda function (no role), a Kinesis data stream or a
 * Firehose delivery stream (both need a role that CloudWatch Logs assumes).
 *
 * @param arn the destination ARN as given
 * @param kind which service the ARN names
 * @param name the function, stream or delivery stream name (without a function qualifier)
 */
public record Destination(String arn, Kind kind, String name) {
  private static final Pattern ARN =
      Pattern.compile("arn:(aws[a-z-]*):(lambda|kinesis|firehose):([a-z0-9-]+):(\\d{12}):(.+)");
  private static final Pattern FUNCTION =
      Pattern.compile("function:([A-Za-z0-9_-]{1,64})(:[A-Za-z0-9$_-]+)?");
  private static final Pattern STREAM = Pattern.compile("stream/([A-Za-z0-9_.-]{1,128})");
  private static final Pattern DELIVERY_STREAM =
      Pattern.compile("deliverystream/([A-Za-z0-9_.-]{1,64})");

  /** The service a destination ARN names. */
  public enum Kind {
    /** A Lambda function: CloudWatch Logs invokes it under its resource policy, no role. */
    LAMBDA,
    /** A Kinesis data stream: needs a role. */
    KINESIS,
    /** A Firehose delivery stream: needs a role. */
    FIREHOSE
  }

  /** Checks the components are present. */
  public Destination {
    Objects.requireNonNull(arn, "arn == null");
    Objects.requireNonNull(kind, "kind == null");
    Objects.requireNonNull(name, "name == null");
  }

  /**
   * Parses a destination ARN; throws {@link SubscribeException} naming the ARN when it is none of
   * the three kinds.
   */
  public static Destination parse(String arn) {
    Objects.requireNonNull(arn, "destination ARN == null");
    Matcher m = ARN.matcher(arn.strip());
    if (!m.matches()) {
      throw new SubscribeException(
          "destination is not a Lambda function, Kinesis stream or Firehose ARN: " + arn);
    }
    String resource = m.group(5);
    return switch (m.group(2)) {
      case "lambda" ->
          new Destination(arn.strip(), Kind.LAMBDA, resourceName(FUNCTION, resource, arn));
      case "kinesis" ->
          new Destination(arn.strip(), Kind.KINESIS, resourceName(STREAM, resource, arn));
      default ->
          new Destination(arn.strip(), Kind.FIREHOSE, resourceName(DELIVERY_STREAM, resource, arn));
    };
  }

  /** Whether CloudWatch Logs needs a role ARN to deliver here. */
  public boolean needsRole() {
    return kind != Kind.LAMBDA;
  }

  /**
   * The log group the destination itself writes to, which must never be subscribed to it (a loop):
   * {@code /aws/lambda/<function>} for a function, the Firehose error-logging group for a delivery
   * stream; none for a Kinesis stream.
   */
  public Optional<String> ownLogGroup() {
    return switch (kind) {
      case LAMBDA -> Optional.of("/aws/lambda/" + name);
      case FIREHOSE -> Optional.of("/aws/kinesisfirehose/" + name);
      case KINESIS -> Optional.empty();
    };
  }

  private static String resourceName(Pattern pattern, String resource, String arn) {
    Matcher m = pattern.matcher(resource);
    if (!m.matches()) {
      throw new SubscribeException("destination ARN has no valid resource name: " + arn);
    }
    return m.group(1);
  }
}
