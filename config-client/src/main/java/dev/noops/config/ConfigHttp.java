package dev.noops.config;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * The two reads of the config API over OkHttp: one key (conditional with If-None-Match) and a batch
 * of keys. Each call is bounded by the time left to the caller; every failure becomes a {@link
 * ConfigUnavailableException} that says why without quoting a value.
 */
final class ConfigHttp {
  static final String API_KEY_HEADER = "x-api-key";
  private static final String USER_AGENT = "noops-config-client";

  private final OkHttpClient http;
  private final HttpUrl base;
  private final String apiKey;
  private final long maxResponseBytes;

  ConfigHttp(OkHttpClient http, HttpUrl base, String apiKey, long maxResponseBytes) {
    this.http = http;
    this.base = base;
    this.apiKey = apiKey;
    this.maxResponseBytes = maxResponseBytes;
  }

  /** {@code GET /config/{key}}, with {@code If-None-Match: etag} when {@code etag} is not null. */
  Fetched fetch(String key, String etag, long timeoutNanos) {
    HttpUrl.Builder url = base.newBuilder().addPathSegment("config");
    for (String segment : Keys.segments(key)) {
      url.addPathSegment(segment);
    }
    Request.Builder request = request(url.build());
    if (etag != null) {
      request.header("If-None-Match", etag);
    }
    try (Response response = execute(request.build(), timeoutNanos, key)) {
      int status = response.code();
      if (status == 304) {
        if (etag == null) {
          throw new ConfigUnavailableException(
              "config API answered 304 for " + key + " to an unconditional GET");
        }
        return NotModified.INSTANCE;
      }
      if (status == 404) {
        return Absent.INSTANCE;
      }
      byte[] body = body(response, key);
      if (status != 200) {
        throw failed(status, body, key);
      }
      ConfigValue value = ConfigJson.value(body);
      if (!value.key().equals(key)) {
        throw new ConfigUnavailableException(
            "config API answered a GET of " + key + " with another key");
      }
      return new Found(value, response.header("ETag"));
    } catch (IOException e) {
      throw unreachable(key, e, timeoutNanos);
    }
  }

  /** {@code GET /config?keys=/a,/b}: one request for all of {@code keys}. */
  ConfigJson.Batch fetchBatch(List<String> keys, long timeoutNanos) {
    HttpUrl url =
        base.newBuilder()
            .addPathSegment("config")
            .addQueryParameter("keys", String.join(",", keys))
            .build();
    String what = keys.size() + " keys";
    try (Response response = execute(request(url).build(), timeoutNanos, what)) {
      byte[] body = body(response, what);
      if (response.code() != 200) {
        throw failed(response.code(), body, what);
      }
      return ConfigJson.batch(body);
    } catch (IOException e) {
      throw unreachable(what, e, timeoutNanos);
    }
  }

  void evictConnections() {
    http.connectionPool().evictAll();
  }

  void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  private Request.Builder request(HttpUrl url) {
    Request.Builder request =
        new Request.Builder()
            .url(url)
            .get()
            .header("Accept", "application/json")
            .header("User-Agent", USER_AGENT);
    if (apiKey != null) {
      request.header(API_KEY_HEADER, apiKey);
    }
    return request;
  }

  private Response execute(Request request, long timeoutNanos, String what) throws IOException {
    if (timeoutNanos <= 0) {
      throw new ConfigUnavailableException(
          "no time left in the budget to ask the config API for " + what);
    }
    Call call = http.newCall(request);
    call.timeout().timeout(timeoutNanos, TimeUnit.NANOSECONDS);
    return call.execute();
  }

  // reads at most maxResponseBytes (after gzip decoding): a hostile or broken server cannot fill
  // the heap
  private byte[] body(Response response, String what) throws IOException {
    ResponseBody body = response.body();
    if (body.contentLength() > maxResponseBytes) {
      throw tooLarge(what);
    }
    BufferedSource source = body.source();
    if (source.request(maxResponseBytes + 1)) {
      throw tooLarge(what);
    }
    return source.readByteArray();
  }

  private ConfigUnavailableException tooLarge(String what) {
    return new ConfigUnavailableException(
        "config API answer for " + what + " is larger than " + maxResponseBytes + " bytes");
  }

  private static ConfigUnavailableException failed(int status, byte[] body, String what) {
    String code = ConfigJson.errorCode(body);
    if (code != null && code.length() > 64) {
      code = code.substring(0, 64) + "…";
    }
    String hint =
        status == 401 || status == 403 ? " (check the API key, " + API_KEY_HEADER + ")" : "";
    return new ConfigUnavailableException(
        "config API answered " + status + (code != null ? " " + code : "") + " for " + what + hint);
  }

  private static ConfigUnavailableException unreachable(
      String what, IOException e, long timeoutNanos) {
    if (e instanceof InterruptedIOException) {
      return new ConfigUnavailableException(
          "config API did not answer for "
              + what
              + " within "
              + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
              + " ms",
          e);
    }
    return new ConfigUnavailableException(
        "cannot reach the config API for " + what + ": " + e.getClass().getSimpleName(), e);
  }

  /** The result of a single-key GET. */
  sealed interface Fetched permits Found, NotModified, Absent {}

  /** 200: the value and the ETag the API sent (null if none). */
  record Found(ConfigValue value, String etag) implements Fetched {}

  /** 304: the cached value is still current. */
  enum NotModified implements Fetched {
    INSTANCE
  }

  /** 404: no value under the key. */
  enum Absent implements Fetched {
    INSTANCE
  }
}
