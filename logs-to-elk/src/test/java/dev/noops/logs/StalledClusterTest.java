package dev.noops.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.noops.testsupport.FakeContext;
import dev.noops.testsupport.SilentServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A cluster that answers {@code 200} headers and then stops sending the body (or never answers at
 * all): the invocation fails within its budget, so Lambda retries it, instead of running to the
 * function timeout. The budgets are short; the bounds leave room for a loaded machine.
 */
class StalledClusterTest {
  private static final Duration BOUND = Duration.ofSeconds(20);

  private static Shipper shipper(SilentServer cluster, boolean templates) {
    ShipperConfig config =
        ShipperConfig.builder()
            .endpoint(cluster.uri())
            .installTemplates(templates)
            .safetyMargin(Duration.ofSeconds(1))
            .connectTimeout(Duration.ofSeconds(1))
            .build();
    return Shipper.create(config, MetricLineListener.NONE);
  }

  private static byte[] input() {
    return CloudWatchData.envelope(
        CloudWatchData.payload(CloudWatchData.events("stall", List.of("a line", "another"))));
  }

  @Test
  void a_stalled_bulk_body_fails_the_invocation_within_its_budget() {
    try (SilentServer cluster = SilentServer.stallingBody()) {
      ShipperHandler handler = new ShipperHandler(shipper(cluster, false));
      long started = System.nanoTime();
      assertTimeoutPreemptively(
          BOUND,
          () ->
              assertThatThrownBy(
                      () ->
                          handler.handleRequest(
                              new ByteArrayInputStream(input()),
                              new ByteArrayOutputStream(),
                              FakeContext.withRemaining(Duration.ofSeconds(4))))
                  .isInstanceOf(BudgetExhaustedException.class));
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
      assertThat(cluster.connections()).isPositive();
    }
  }

  @Test
  void a_stalled_template_body_does_not_hold_the_invocation_either() {
    try (SilentServer cluster = SilentServer.stallingBody()) {
      Shipper shipper = shipper(cluster, true);
      assertTimeoutPreemptively(
          BOUND,
          () ->
              assertThatThrownBy(() -> shipper.ship(input(), Duration.ofSeconds(4)))
                  .isInstanceOf(ShipperException.class));
    }
  }

  @Test
  void a_request_after_the_deadline_is_a_timeout_without_a_connection() {
    try (SilentServer cluster = SilentServer.neverAnswering()) {
      HttpTransport transport =
          new HttpTransport(
              HttpTransport.newClient(Duration.ofSeconds(1)), cluster.uri(), RequestSigner.NONE);

      assertThatThrownBy(() -> transport.send("POST", "/_bulk", new byte[0], false, Duration.ZERO))
          .isInstanceOf(java.net.http.HttpTimeoutException.class)
          .hasMessageContaining("deadline has passed");
      assertThat(cluster.connections()).isZero();
    }
  }

  @Test
  void a_cluster_that_never_answers_costs_the_budget_and_no_more() {
    try (SilentServer cluster = SilentServer.neverAnswering()) {
      Shipper shipper = shipper(cluster, false);
      assertTimeoutPreemptively(
          BOUND,
          () ->
              assertThatThrownBy(() -> shipper.ship(input(), Duration.ofSeconds(4)))
                  .isInstanceOf(BudgetExhaustedException.class));
    }
  }
}
