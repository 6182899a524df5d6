package dev.noops.configapi;

/**
 * Every case of {@link ConfigApiHandlerTest} again, over a store that keeps the current entries it
 * reads ({@link ConfigApiHandler#createSoleWriter}, how {@code noops local} runs): what the API
 * answers must not change.
 */
class SoleWriterHandlerTest extends ConfigApiHandlerTest {
  @Override
  ConfigStore store(DynamoDb api, String table) {
    return new ConfigStore(api, table, new CurrentEntries());
  }
}
