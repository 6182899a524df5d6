package dev.noops.configapi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.crac.Context;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The config API's SnapStart hook: before the snapshot it reads a sample REST proxy event and
 * writes a proxy response the way the handler does, writes a DynamoDB request and reads a DynamoDB
 * item the way the store does, and builds the DynamoDB and KMS clients, calling none (the table and
 * the key are the user's). After restore there is nothing to renew: no connection was opened and
 * credentials are resolved per request.
 */
final class ConfigPriming implements Resource {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigPriming.class);

  static final String SAMPLE =
      "{\"resource\":\"/config/{key+}\",\"path\":\"/config/noops/priming\",\"httpMethod\":\"GET\","
          + "\"headers\":{\"If-None-Match\":\"\\\"3\\\"\"},\"multiValueHeaders\":{\"If-None-Match\":[\"\\\"3\\\"\"]},"
          + "\"queryStringParameters\":null,\"pathParameters\":{\"key\":\"noops/priming\"},"
          + "\"requestContext\":{\"requestId\":\"noops-priming\",\"identity\":{\"userArn\":null,\"apiKeyId\":null}},"
          + "\"body\":null,\"isBase64Encoded\":false}";

  private final List<Supplier<?>> clients;

  ConfigPriming(List<Supplier<?>> clients) {
    this.clients = List.copyOf(clients);
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) throws IOException {
    long started = System.nanoTime();
    ProxyRequest request =
        ProxyEvents.read(new ByteArrayInputStream(SAMPLE.getBytes(StandardCharsets.UTF_8)));
    Objects.requireNonNull(request.httpMethod(), "the priming sample lost its method");
    ProxyEvents.write(
        Responses.error(404, "NotFound", "priming", Map.of()), OutputStream.nullOutputStream());
    // a PUT body is read with the tree model: built here so that a restored copy has it ready
    ProxyEvents.Databind.JSON.readTree("{\"value\":\"priming\"}");
    primeItemCodec();
    long built = clients.stream().map(Supplier::get).filter(Objects::nonNull).count();
    LOG.info(
        "SnapStart priming done in {} ms, {} clients built, no request sent",
        (System.nanoTime() - started) / 1_000_000,
        built);
  }

  // an item written as DynamoDB JSON and read back as an entry, the way a GET's answer is
  private static void primeItemCodec() throws IOException {
    ConfigEntry sample =
        ConfigEntry.written("/noops/priming", "priming", false, 1, Instant.EPOCH, "priming");
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    try (JsonGenerator generator = new JsonFactory().createGenerator(json)) {
      DynamoDb.writeItem(generator, Items.toItem(sample, Items.CURRENT));
    }
    try (JsonParser parser = new JsonFactory().createParser(json.toByteArray())) {
      parser.nextToken();
      if (!Items.fromItem(DynamoDb.readItem(parser)).equals(sample)) {
        throw new IllegalStateException("the priming item did not read back as written");
      }
    }
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    // nothing was opened or cached before the snapshot that a restored copy would need to renew
  }
}
