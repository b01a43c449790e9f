package dev.palisade.identity;

import dev.palisade.crypto.Hashes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * One-time recovery codes: {@value #COUNT} codes of {@value #LENGTH} characters from Crockford's
 * Base32 alphabet (no i, l, o, u), 50 bits each, shown as {@code xxxxx-xxxxx}. Typed codes are read
 * case-insensitively, without hyphens or spaces, with o as 0 and i or l as 1. Stored as SHA-256 of
 * the account id and the code: a code is only a second factor (the password is needed first), and
 * 2^50 candidates per account make an offline search pointless without it.
 */
final class RecoveryCodes {
  static final int COUNT = 10;
  static final int LENGTH = 10;

  /** The longest text accepted where a code is typed (a TOTP code or a recovery code). */
  static final int TYPED_MAX = 32;

  private static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
  private static final SecureRandom RANDOM = new SecureRandom();

  private RecoveryCodes() {}

  static List<String> generate() {
    List<String> codes = new ArrayList<>(COUNT);
    for (int i = 0; i < COUNT; i++) {
      StringBuilder b = new StringBuilder(LENGTH + 1);
      for (int j = 0; j < LENGTH; j++) {
        if (j == LENGTH / 2) {
          b.append('-');
        }
        b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
      }
      codes.add(b.toString());
    }
    return codes;
  }

  /** The canonical form of a typed code, or null when it cannot be a recovery code. */
  static String normalize(String typed) {
    String s =
        typed
            .toLowerCase(Locale.ROOT)
            .replace("-", "")
            .replace(" ", "")
            .replace('o', '0')
            .replace('i', '1')
            .replace('l', '1');
    if (s.length() != LENGTH) {
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      if (ALPHABET.indexOf(s.charAt(i)) < 0) {
        return null;
      }
    }
    return s;
  }

  static byte[] hash(UUID account, String normalized) {
    return Hashes.sha256("palisade:recovery:" + account + ":" + normalized);
  }
}
