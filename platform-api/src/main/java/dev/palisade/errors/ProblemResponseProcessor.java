package dev.palisade.errors;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.opentelemetry.api.trace.Span;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Turns every error response, including the framework's own (404, 405, 415, 401, malformed JSON,
 * oversized bodies), into {@code application/problem+json}. Internal errors get a generic detail;
 * their cause is logged with the request id so an operator can find it. The request's server span
 * gets {@code palisade.error.class} ({@link #errorClass}).
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public final class ProblemResponseProcessor implements ErrorResponseProcessor<Problem> {
  public static final MediaType PROBLEM_JSON = MediaType.of("application/problem+json");

  /** The attribute of the server span that says what kind of error ended the request. */
  static final String ERROR_CLASS = "palisade.error.class";

  /** The request attribute that holds the request's server span, set where it begins. */
  public static final String SERVER_SPAN = "palisade.server_span";

  private static final Logger LOG = LoggerFactory.getLogger(ProblemResponseProcessor.class);

  @Override
  public MutableHttpResponse<Problem> processResponse(
      ErrorContext context, MutableHttpResponse<?> base) {
    Problem problem = toProblem(context, base.code());
    base.status(problem.status()).contentType(PROBLEM_JSON);
    String errorClass = errorClass(problem.status());
    if (errorClass != null) {
      Object server = context.getRequest().getAttribute(SERVER_SPAN).orElse(null);
      (server instanceof Span span ? span : Span.current()).setAttribute(ERROR_CLASS, errorClass);
    }
    if (context.getRequest().getMethod() == HttpMethod.HEAD) {
      return base.body(null);
    }
    return base.body(problem.withRequestId(MDC.get("request_id")));
  }

  private Problem toProblem(ErrorContext context, int status) {
    Throwable cause = context.getRootCause().orElse(null);
    if (cause instanceof PlatformException e) {
      if (e.errorCode().type() == ErrorType.INTERNAL) {
        LOG.error("internal error: {}", e.getMessage(), e);
        return Problem.of(ErrorCode.INTERNAL, "internal error", null, null);
      }
      if (e.errorCode().type() == ErrorType.EXTERNAL) {
        LOG.warn("dependency error: {}", e.getMessage(), e.getCause());
      }
      return Problem.of(e.errorCode(), e.getMessage(), e.field().orElse(null), null);
    }
    if (cause instanceof ConversionErrorException e) {
      Throwable inner = e.getConversionError().getCause();
      Problem fromJson = inner == null ? null : fromJackson(inner);
      if (fromJson != null) {
        return fromJson;
      }
      String field = e.getArgument().getName();
      return Problem.of(
          ErrorCode.INVALID_FIELD, field + ": has the wrong type or format", field, null);
    }
    Problem fromJson = cause == null ? null : fromJackson(cause);
    if (fromJson != null) {
      return fromJson;
    }
    if (cause instanceof ContentLengthExceededException) {
      return Problem.of(ErrorCode.PAYLOAD_TOO_LARGE, "request body is too large", null, null);
    }
    return byStatus(context, status);
  }

  private static Problem fromJackson(Throwable cause) {
    if (cause instanceof UnrecognizedPropertyException e) {
      String field = path(e);
      return Problem.of(ErrorCode.UNKNOWN_FIELD, field + ": is not a known field", field, null);
    }
    if (cause instanceof MismatchedInputException e && !e.getPath().isEmpty()) {
      String field = path(e);
      return Problem.of(
          ErrorCode.INVALID_FIELD, field + ": has the wrong type or format", field, null);
    }
    if (cause instanceof JsonParseException || cause instanceof JsonMappingException) {
      return Problem.of(ErrorCode.MALFORMED_REQUEST, "request body is not valid JSON", null, null);
    }
    if (cause instanceof io.micronaut.json.JsonSyntaxException) {
      return Problem.of(ErrorCode.MALFORMED_REQUEST, "request body is not valid JSON", null, null);
    }
    return null;
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }

  private static Problem byStatus(ErrorContext context, int status) {
    List<Problem.FieldError> fields =
        context.getErrors().stream()
            .filter(err -> err.getPath().isPresent())
            .map(err -> new Problem.FieldError(field(err), err.getMessage()))
            .toList();
    ErrorCode code =
        switch (status) {
          case 400 -> fields.isEmpty() ? ErrorCode.MALFORMED_REQUEST : ErrorCode.INVALID_FIELD;
          case 401 -> ErrorCode.UNAUTHENTICATED;
          case 403 -> ErrorCode.FORBIDDEN;
          case 404 -> ErrorCode.NOT_FOUND;
          case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
          case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
          case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
          case 502 -> ErrorCode.DEPENDENCY_FAILED;
          case 503 -> ErrorCode.DEPENDENCY_UNAVAILABLE;
          default ->
              status >= 400 && status < 500 ? ErrorCode.MALFORMED_REQUEST : ErrorCode.INTERNAL;
        };
    if (code == ErrorCode.INTERNAL) {
      context
          .getRootCause()
          .ifPresent(t -> LOG.error("internal error: {}", t.getClass().getName(), t));
      return Problem.of(code, "internal error", null, null);
    }
    String detail =
        fields.isEmpty()
            ? context.getErrors().stream().findFirst().map(Error::getMessage).orElse(code.title())
            : fields.get(0).field() + ": " + fields.get(0).message();
    if (code == ErrorCode.INVALID_FIELD) {
      return new Problem(
          code.typeUri(),
          code.title(),
          400,
          detail,
          code.code(),
          fields.get(0).field(),
          fields,
          null);
    }
    return Problem.of(code, sanitize(detail), null, fields);
  }

  private static String field(Error err) {
    String path = err.getPath().orElse("");
    int dot = path.lastIndexOf('.');
    return dot >= 0 ? path.substring(dot + 1) : path;
  }

  private static String sanitize(String detail) {
    return detail == null || detail.length() > 300 ? "request failed" : detail;
  }

  /**
   * {@code palisade.error.class} of an error response: {@code auth} (401, 403), {@code validation}
   * (any other 4xx: bad input, unknown or conflicting resources, limits), {@code dependency} (502,
   * 503, 504: a database, key provider or peer failed) or {@code internal} (500 and any other 5xx);
   * none below 400.
   */
  static String errorClass(int status) {
    if (status < 400) {
      return null;
    }
    if (status == 401 || status == 403) {
      return "auth";
    }
    if (status < 500) {
      return "validation";
    }
    return status == 502 || status == 503 || status == 504 ? "dependency" : "internal";
  }
}
