package dev.palisade.errors;

import static java.util.Objects.requireNonNull;

/**
 * Stable error codes. The code string is part of the public API: it appears in the {@code code}
 * member and at the end of the {@code type} URI of every problem+json response.
 */
public enum ErrorCode {
  MALFORMED_REQUEST("malformed-request", ErrorType.USER, 400, "Malformed request"),
  INVALID_FIELD("invalid-field", ErrorType.USER, 422, "Invalid field"),
  UNKNOWN_FIELD("unknown-field", ErrorType.USER, 400, "Unknown field"),
  PAYLOAD_TOO_LARGE("payload-too-large", ErrorType.USER, 413, "Payload too large"),
  UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", ErrorType.USER, 415, "Unsupported media type"),
  UNAUTHENTICATED("unauthenticated", ErrorType.USER, 401, "Authentication required"),
  INVALID_CREDENTIALS("invalid-credentials", ErrorType.USER, 401, "Invalid credentials"),
  FORBIDDEN("forbidden", ErrorType.USER, 403, "Forbidden"),
  MFA_ENROLLMENT_REQUIRED(
      "mfa-enrollment-required", ErrorType.USER, 403, "Second factor enrollment required"),
  NOT_FOUND("not-found", ErrorType.USER, 404, "Not found"),
  METHOD_NOT_ALLOWED("method-not-allowed", ErrorType.USER, 405, "Method not allowed"),
  CONFLICT("conflict", ErrorType.USER, 409, "Conflict"),
  SETUP_COMPLETE("setup-complete", ErrorType.USER, 409, "Setup already complete"),
  INVALID_SETUP_TOKEN("invalid-setup-token", ErrorType.USER, 401, "Invalid setup token"),
  INVALID_INVITATION("invalid-invitation", ErrorType.USER, 404, "Invalid or expired invitation"),
  INVALID_RESET_TOKEN(
      "invalid-reset-token", ErrorType.USER, 404, "Invalid or expired password reset token"),
  LICENSE_LIMIT("license-limit", ErrorType.USER, 403, "License limit reached"),
  LICENSE_INACTIVE("license-inactive", ErrorType.USER, 403, "License expired or invalid"),
  RATE_LIMITED("rate-limited", ErrorType.USER, 429, "Too many requests"),
  BUSY("busy", ErrorType.EXTERNAL, 503, "Server busy"),
  DEPENDENCY_UNAVAILABLE(
      "dependency-unavailable", ErrorType.EXTERNAL, 503, "Dependency unavailable"),
  STORAGE_UNAVAILABLE("storage-unavailable", ErrorType.EXTERNAL, 503, "Storage unavailable"),
  DEPENDENCY_FAILED("dependency-failed", ErrorType.EXTERNAL, 502, "Dependency failed"),
  OUTBOUND_BLOCKED("outbound-blocked", ErrorType.EXTERNAL, 502, "Outbound connection refused"),
  INTERNAL("internal", ErrorType.INTERNAL, 500, "Internal error");

  /** Base of the {@code type} URI; the code is appended. */
  public static final String TYPE_BASE = "https://palisade.dev/problems/";

  private final String code;
  private final ErrorType type;
  private final int status;
  private final String title;

  ErrorCode(String code, ErrorType type, int status, String title) {
    this.code = requireNonNull(code, "code is null");
    this.type = requireNonNull(type, "type is null");
    this.status = status;
    this.title = requireNonNull(title, "title is null");
  }

  public String code() {
    return code;
  }

  public ErrorType type() {
    return type;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public String typeUri() {
    return TYPE_BASE + code;
  }
}
