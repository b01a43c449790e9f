package dev.palisade.audit;

import dev.palisade.errors.PlatformException;

/**
 * Validation of text that ends up in an audit entry (a reason, a name, an identifier someone
 * typed). Every such text has a bounded size and holds no control characters or unpaired
 * surrogates, so one entry can neither bloat a chain nor break the batch it is written with.
 * Refusals are 422s naming the request field; callers check before anything is queued.
 */
public final class AuditText {
  /** Reasons given for a change. */
  public static final int REASON_MAX = 1_000;

  /** Names (organizations, keys, customers). */
  public static final int NAME_MAX = 200;

  /** Identifiers of actors and subjects. */
  public static final int ID_MAX = 200;

  /**
   * The most text one entry's metadata may hold, public and sealed together: the characters of
   * every key and string value, numbers and booleans counted as 20. A backstop behind the limits of
   * each field; an event above it is refused, never stored.
   */
  public static final int METADATA_MAX = 16_384;

  private AuditText() {}

  /** {@code value} stripped, or null when null or blank. */
  public static String optional(String field, String value, int max) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.strip();
    String problem = problem(v, max);
    if (problem != null) {
      throw PlatformException.invalidField(field, problem);
    }
    return v;
  }

  /** {@code value} stripped; a 422 when null or blank. */
  public static String required(String field, String value, int max) {
    String v = optional(field, value, max);
    if (v == null) {
      throw PlatformException.invalidField(field, "is required");
    }
    return v;
  }

  /** The size of {@code value} as {@link #METADATA_MAX} counts it. */
  static long size(Object value) {
    if (value == null) {
      return 0;
    }
    if (value instanceof CharSequence s) {
      return s.length();
    }
    if (value instanceof java.util.Map<?, ?> m) {
      long n = 0;
      for (java.util.Map.Entry<?, ?> e : m.entrySet()) {
        n += size(e.getKey()) + size(e.getValue());
      }
      return n;
    }
    if (value instanceof Iterable<?> list) {
      long n = 0;
      for (Object o : list) {
        n += size(o);
      }
      return n;
    }
    return 20;
  }

  /** Why {@code value} may not be stored, or null when it may. */
  static String problem(String value, int max) {
    if (value.codePointCount(0, value.length()) > max) {
      return "must be at most " + max + " characters";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        return "must not contain control characters";
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
          return "must be valid Unicode text";
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return "must be valid Unicode text";
      }
    }
    return null;
  }
}
