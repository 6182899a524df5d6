package dev.noops.testsupport.ric;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.InputStream;
import java.io.OutputStream;

/** A handler whose constructor fails, as one with a missing setting does. */
public final class BrokenHandler implements RequestStreamHandler {
  public BrokenHandler() {
    throw new IllegalStateException("ES_ENDPOINT is not set");
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) {
    throw new AssertionError("never constructed");
  }
}
