package dev.palisade.errors;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem document. {@code code} repeats the last segment of {@code type} for clients
 * that prefer a short token; {@code errors} lists every invalid field when there is more than one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    String code,
    String field,
    List<FieldError> errors,
    String requestId) {

  public Problem {
    requireNonNull(type, "type is null");
    requireNonNull(title, "title is null");
    requireNonNull(code, "code is null");
    errors = errors == null || errors.isEmpty() ? null : List.copyOf(errors);
  }

  /** One invalid field and why. */
  public record FieldError(String field, String message) {
    public FieldError {
      requireNonNull(field, "field is null");
      requireNonNull(message, "message is null");
    }
  }

  public static Problem of(ErrorCode code, String detail, String field, List<FieldError> errors) {
    return new Problem(
        code.typeUri(), code.title(), code.status(), detail, code.code(), field, errors, null);
  }

  public Problem withRequestId(String id) {
    return new Problem(type, title, status, detail, code, field, errors, id);
  }
}
