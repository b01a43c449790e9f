package dev.palisade.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP): HMAC-SHA-1, 6 digits, 30-second
 * steps counted from the Unix epoch, the parameters every authenticator app reads from an {@code
 * otpauth://} URI. Stateless and thread-safe; secrets passed in are not kept.
 */
public final class Totp {
  public static final int DIGITS = 6;
  public static final int STEP_SECONDS = 30;
  public static final int SECRET_BYTES = 20;

  /** Steps of clock drift accepted either way. */
  public static final int DRIFT_STEPS = 1;

  private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};

  private Totp() {}

  /** A new secret: {@value #SECRET_BYTES} bytes from {@code SecureRandom}. */
  public static byte[] newSecret() {
    return Tokens.randomBytes(SECRET_BYTES);
  }

  /** The time step that {@code at} falls in. */
  public static long step(Instant at) {
    return Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
  }

  /** The code of time step {@code step}, zero-padded to {@value #DIGITS} digits. */
  public static String code(byte[] secret, long step) {
    byte[] mac;
    try {
      Mac hmac = Mac.getInstance("HmacSHA1");
      hmac.init(new SecretKeySpec(secret, "HmacSHA1"));
      mac = hmac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA-1 is not available in this JVM", e);
    }
    int offset = mac[mac.length - 1] & 0x0f;
    int binary =
        ((mac[offset] & 0x7f) << 24)
            | ((mac[offset + 1] & 0xff) << 16)
            | ((mac[offset + 2] & 0xff) << 8)
            | (mac[offset + 3] & 0xff);
    String digits = Integer.toString(binary % POWERS[DIGITS]);
    return "0".repeat(DIGITS - digits.length()) + digits;
  }

  /**
   * The time step within {@value #DRIFT_STEPS} of {@code now} whose code is {@code code}, or empty.
   * Every candidate is computed and compared in constant time, so the answer's timing does not say
   * which step matched.
   */
  public static OptionalLong match(byte[] secret, String code, Instant now) {
    byte[] given = code.getBytes(StandardCharsets.US_ASCII);
    long current = step(now);
    long found = Long.MIN_VALUE;
    for (long s = current - DRIFT_STEPS; s <= current + DRIFT_STEPS; s++) {
      byte[] expected = code(secret, s).getBytes(StandardCharsets.US_ASCII);
      if (MessageDigest.isEqual(expected, given) && found == Long.MIN_VALUE) {
        found = s;
      }
    }
    return found == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(found);
  }
}
