package dev.noops.logs;

/**
 * Where a batch of log events comes from: one CloudWatch Logs payload (one log stream).
 *
 * @param account the AWS account that owns the log group ({@code owner}), may be null
 * @param region the region the shipper runs in (subscriptions are regional), may be null
 * @param logGroup the log group name
 * @param logStream the log stream name
 */
record LogContext(String account, String region, String logGroup, String logStream) {
  private static final String LAMBDA_GROUP_PREFIX = "/aws/lambda/";

  /** The function name for a {@code /aws/lambda/<name>} group, else null. */
  String functionName() {
    return logGroup.startsWith(LAMBDA_GROUP_PREFIX)
            && logGroup.length() > LAMBDA_GROUP_PREFIX.length()
        ? logGroup.substring(LAMBDA_GROUP_PREFIX.length())
        : null;
  }

  /**
   * The version from a Lambda stream name {@code yyyy/MM/dd/[<version>]<id>}: {@code $LATEST} or a
   * number.
   */
  String functionVersion() {
    int open = logStream.indexOf('[');
    int close = logStream.indexOf(']', open + 1);
    return open >= 0 && close > open + 1 ? logStream.substring(open + 1, close) : null;
  }
}
