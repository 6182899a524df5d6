package dev.noops.support.aws;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.noops.support.JsonObjects;
import java.io.IOException;

/**
 * The code and message of a service's error answer, e.g. {@code {"__type": "…#ThrottlingException",
 * "message": "Rate exceeded"}} ({@code code} and {@code Message}/{@code errorMessage} as other
 * services spell them); empty where the answer has none or is not JSON.
 *
 * @param code the code as the service wrote it, namespace included
 * @param message the service's message
 */
record ErrorAnswer(String code, String message) {
  static ErrorAnswer read(byte[] answer) {
    String code = "";
    String message = "";
    try (JsonParser parser = JsonObjects.parser(answer)) {
      if (parser.nextToken() == JsonToken.START_OBJECT) {
        while (JsonObjects.nextField(parser)) {
          String name = parser.currentName();
          JsonToken value = parser.currentToken();
          if (value == JsonToken.VALUE_STRING && ("__type".equals(name) || "code".equals(name))) {
            code = parser.getText();
          } else if (value == JsonToken.VALUE_STRING
              && ("message".equalsIgnoreCase(name) || "errorMessage".equals(name))) {
            message = parser.getText();
          } else {
            parser.skipChildren();
          }
        }
      }
    } catch (IOException e) {
      message = "";
    }
    return new ErrorAnswer(code, message);
  }
}
