package dev.palisade.errors;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * The one exception type that crosses feature boundaries. Its message is shown to the caller for
 * {@link ErrorType#USER} and {@link ErrorType#EXTERNAL} codes, so it must never hold a secret, a
 * raw provider payload or a stack trace; {@link ErrorType#INTERNAL} messages go to the log only.
 */
public class PlatformException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode errorCode;
  private final String field;
  private final Duration retryAfter;

  public PlatformException(ErrorCode errorCode, String message) {
    this(errorCode, message, null, null, null);
  }

  public PlatformException(ErrorCode errorCode, String message, Throwable cause) {
    this(errorCode, message, null, cause, null);
  }

  private PlatformException(
      ErrorCode errorCode, String message, String field, Throwable cause, Duration retryAfter) {
    super(requireNonNull(message, "message is null"), cause);
    this.errorCode = requireNonNull(errorCode, "errorCode is null");
    this.field = field;
    this.retryAfter = retryAfter;
  }

  /**
   * A refusal the caller may retry after {@code retryAfter} (429, 503), answered with a {@code
   * Retry-After} header in whole seconds, at least one.
   */
  public static PlatformException retryAfter(
      ErrorCode errorCode, String message, Duration retryAfter) {
    requireNonNull(retryAfter, "retryAfter is null");
    return new PlatformException(errorCode, message, null, null, retryAfter);
  }

  /** A 422 naming the offending request field (JSON pointer-like dotted path). */
  public static PlatformException invalidField(String field, String message) {
    requireNonNull(field, "field is null");
    return new PlatformException(
        ErrorCode.INVALID_FIELD, field + ": " + message, field, null, null);
  }

  /** A request member this endpoint does not know (400, as for any JSON body). */
  public static PlatformException unknownField(String field) {
    requireNonNull(field, "field is null");
    return new PlatformException(
        ErrorCode.UNKNOWN_FIELD, field + ": is not a known field", field, null, null);
  }

  /**
   * A database failure as the caller may see it: {@code what} and the SQLSTATE, never the driver's
   * message (which can echo statement text or values).
   */
  public static PlatformException database(String what, Throwable cause) {
    return new PlatformException(
        ErrorCode.DEPENDENCY_UNAVAILABLE, what + " (" + sqlState(cause) + ")", cause);
  }

  /** The SQLSTATE of the first SQL exception among {@code failure}'s causes, or {@code none}. */
  public static String sqlState(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.sql.SQLException se && se.getSQLState() != null) {
        return se.getSQLState();
      }
    }
    return "none";
  }

  /** Whether {@code failure} is a unique-constraint violation (SQLSTATE 23505). */
  public static boolean isUniqueViolation(Throwable failure) {
    return "23505".equals(sqlState(failure));
  }

  public ErrorCode errorCode() {
    return errorCode;
  }

  public Optional<String> field() {
    return Optional.ofNullable(field);
  }

  /** Seconds to put in {@code Retry-After}, rounded up, at least one; empty when not retryable. */
  public Optional<Long> retryAfterSeconds() {
    if (retryAfter == null) {
      return Optional.empty();
    }
    long millis = retryAfter.toMillis();
    return Optional.of(Math.max(1, (millis + 999) / 1000));
  }
}
