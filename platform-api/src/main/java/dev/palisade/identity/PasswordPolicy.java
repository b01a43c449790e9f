package dev.palisade.identity;

import dev.palisade.errors.PlatformException;
import jakarta.inject.Singleton;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a new password must be, wherever one is set (setup, invitations, change, reset): between
 * {@code password-min-length} and {@value IdentityConfig#PASSWORD_MAX_LENGTH} characters, not one
 * of the 10,000 most common passwords (the bundled {@value #LIST}, compared without regard to case)
 * and not the account's e-mail address or its local part. A refusal is a 422 naming the field; its
 * message never repeats the password.
 */
@Singleton
public final class PasswordPolicy {
  static final String LIST = "/dev/palisade/identity/common-passwords.txt";

  private final int minLength;
  private final Set<String> common;

  PasswordPolicy(IdentityConfig config) {
    this.minLength = config.passwordMinLength();
    this.common = load();
  }

  private static Set<String> load() {
    Set<String> words = new HashSet<>();
    try (InputStream in = PasswordPolicy.class.getResourceAsStream(LIST)) {
      if (in == null) {
        throw new IllegalStateException(LIST + " is missing");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.isEmpty()) {
          words.add(line.toLowerCase(Locale.ROOT));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Set.copyOf(words);
  }

  /**
   * Checks a new password given in {@code field}; {@code email} is the account's address, or null
   * when it is not known yet (then call {@link #refuseEmail} once it is).
   */
  public char[] check(String field, String password, String email) {
    char[] pw = Credentials.newPassword(field, password, minLength);
    if (common.contains(password.toLowerCase(Locale.ROOT))) {
      throw PlatformException.invalidField(
          field, "is one of the 10,000 most common passwords; choose another");
    }
    if (email != null) {
      refuseEmail(field, password, email);
    }
    return pw;
  }

  /** Refuses the account's e-mail address or its local part as its password. */
  public void refuseEmail(String field, String password, String email) {
    String local = email.substring(0, Math.max(0, email.indexOf('@')));
    if (password.equalsIgnoreCase(email) || password.equalsIgnoreCase(local)) {
      throw PlatformException.invalidField(field, "must not be the account's e-mail address");
    }
  }
}
