package dev.noops.logs;

/**
 * Every {@link PayloadDecoderTest} again on the path of payloads too large to inflate into memory:
 * checked by one inflation, parsed as a second one streams.
 */
class PayloadDecoderStreamingTest extends PayloadDecoderTest {
  @Override
  long inMemoryLimit() {
    return 0;
  }
}
