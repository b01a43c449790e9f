package dev.palisade.console.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.core.annotation.Nullable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** What the platform API answered: status, content type, the few headers relayed, the body. */
public record ApiAnswer(
    int status,
    String contentType,
    @Nullable String contentDisposition,
    @Nullable String requestId,
    byte[] body) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public ApiAnswer {
    requireNonNull(contentType, "contentType is null");
    requireNonNull(body, "body is null");
  }

  public boolean ok() {
    return status >= 200 && status < 300;
  }

  /** The body as JSON, when it is JSON. */
  public Optional<JsonNode> json() {
    if (body.length == 0 || !contentType.contains("json")) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readTree(body));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
