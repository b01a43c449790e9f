package dev.palisade.identity;

import dev.palisade.audit.AuditText;
import dev.palisade.errors.PlatformException;
import java.util.regex.Pattern;

/** Validation of e-mail addresses and new passwords, each failure naming its field. */
public final class Credentials {
  private static final Pattern EMAIL =
      Pattern.compile("[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");

  /** The longest e-mail address (RFC 5321's path limit less the angle brackets). */
  public static final int EMAIL_MAX = 254;

  /** The longest setup or invitation token accepted; issued ones are far shorter. */
  public static final int TOKEN_MAX = 200;

  private Credentials() {}

  /** A token someone typed: required, at most {@value #TOKEN_MAX} characters. */
  public static String token(String field, String token) {
    if (token == null || token.isBlank()) {
      throw PlatformException.invalidField(field, "is required");
    }
    if (token.length() > TOKEN_MAX) {
      throw PlatformException.invalidField(field, "must be at most " + TOKEN_MAX + " characters");
    }
    return token;
  }

  /** A password given at sign-in: at most {@link IdentityConfig#PASSWORD_MAX_LENGTH}. */
  public static char[] password(String field, String password) {
    if (password.codePointCount(0, password.length()) > IdentityConfig.PASSWORD_MAX_LENGTH) {
      throw PlatformException.invalidField(
          field, "must be at most " + IdentityConfig.PASSWORD_MAX_LENGTH + " characters long");
    }
    return password.toCharArray();
  }

  public static String email(String field, String email) {
    if (email == null || email.isBlank()) {
      throw PlatformException.invalidField(field, "is required");
    }
    String trimmed = email.strip();
    if (trimmed.length() > EMAIL_MAX || !EMAIL.matcher(trimmed).matches()) {
      throw PlatformException.invalidField(field, "must be an e-mail address");
    }
    return trimmed;
  }

  public static char[] newPassword(String field, String password, int minLength) {
    if (password == null || password.isEmpty()) {
      throw PlatformException.invalidField(field, "is required");
    }
    int length = password.codePointCount(0, password.length());
    if (length < minLength) {
      throw PlatformException.invalidField(
          field, "must be at least " + minLength + " characters long");
    }
    if (length > IdentityConfig.PASSWORD_MAX_LENGTH) {
      throw PlatformException.invalidField(
          field, "must be at most " + IdentityConfig.PASSWORD_MAX_LENGTH + " characters long");
    }
    return password.toCharArray();
  }

  /**
   * A reason for a change, stripped: at most {@value AuditText#REASON_MAX} characters, no control
   * characters; null when optional and absent.
   */
  public static String reason(String field, String reason, boolean required) {
    return required
        ? AuditText.required(field, reason, AuditText.REASON_MAX)
        : AuditText.optional(field, reason, AuditText.REASON_MAX);
  }
}
