package dev.palisade.console;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * A problem document (RFC 9457) answered by the console itself, in the platform's format: {@code
 * type} is {@code https://palisade.dev/problems/<code>}, {@code field} names the input at fault.
 */
public record ConsoleProblem(
    int status,
    String code,
    String title,
    String detail,
    @Nullable String field,
    @Nullable String requestId) {
  public static final MediaType PROBLEM_JSON = MediaType.of("application/problem+json");
  private static final ObjectMapper JSON = new ObjectMapper();

  public ConsoleProblem {
    requireNonNull(code, "code is null");
    requireNonNull(title, "title is null");
    requireNonNull(detail, "detail is null");
  }

  public static ConsoleProblem invalidField(String field, String why, @Nullable String requestId) {
    return new ConsoleProblem(
        422, "invalid-field", "Invalid field", field + ": " + why, field, requestId);
  }

  public static ConsoleProblem forbidden(String detail, @Nullable String requestId) {
    return new ConsoleProblem(403, "forbidden", "Forbidden", detail, null, requestId);
  }

  public ObjectNode toJson() {
    ObjectNode n = JSON.createObjectNode();
    n.put("type", "https://palisade.dev/problems/" + code);
    n.put("title", title);
    n.put("status", status);
    n.put("detail", detail);
    n.put("code", code);
    if (field != null) {
      n.put("field", field);
    }
    if (requestId != null) {
      n.put("requestId", requestId);
    }
    return n;
  }

  public byte[] bytes() {
    return toJson().toString().getBytes(StandardCharsets.UTF_8);
  }

  public MutableHttpResponse<byte[]> response() {
    return HttpResponse.<byte[]>status(HttpStatus.valueOf(status))
        .contentType(PROBLEM_JSON)
        .body(bytes());
  }
}
