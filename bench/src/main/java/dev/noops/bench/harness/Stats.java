package dev.noops.bench.harness;

import java.util.List;

/**
 * Order statistics over small sample lists (nearest-rank percentiles, as wrk and JMH report them).
 */
final class Stats {
  private Stats() {}

  static double median(List<Double> samples) {
    double[] sorted = sorted(samples);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** Nearest-rank percentile: with 10 samples the p99 is the largest. */
  static double percentile(List<Double> samples, double p) {
    double[] sorted = sorted(samples);
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  static double min(List<Double> samples) {
    return sorted(samples)[0];
  }

  static double max(List<Double> samples) {
    double[] sorted = sorted(samples);
    return sorted[sorted.length - 1];
  }

  private static double[] sorted(List<Double> samples) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("no samples");
    }
    return samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
  }
}
