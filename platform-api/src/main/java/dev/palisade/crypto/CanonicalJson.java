package dev.palisade.crypto;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * RFC 8785 (JSON Canonicalization Scheme) for the values audit metadata may hold: objects with
 * string keys, arrays, strings, booleans, null, and integers within ±2^53. Object members are
 * sorted by the UTF-16 code units of their names, no insignificant white space is written, and
 * strings use the minimal escapes of ECMAScript's {@code JSON.stringify}. Non-integer numbers are
 * refused rather than risk an encoding that another implementation would write differently.
 */
public final class CanonicalJson {
  private static final long MAX_SAFE = (1L << 53) - 1;

  private CanonicalJson() {}

  public static String write(Object value) {
    StringBuilder b = new StringBuilder();
    append(b, value);
    return b.toString();
  }

  private static void append(StringBuilder b, Object value) {
    if (value == null) {
      b.append("null");
    } else if (value instanceof String s) {
      string(b, s);
    } else if (value instanceof Boolean bool) {
      b.append(bool ? "true" : "false");
    } else if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      long n = ((Number) value).longValue();
      if (n > MAX_SAFE || n < -MAX_SAFE) {
        throw new IllegalArgumentException("integer outside ±2^53 in audit metadata");
      }
      b.append(n);
    } else if (value instanceof Map<?, ?> map) {
      List<String> keys = new ArrayList<>();
      for (Object k : map.keySet()) {
        if (!(k instanceof String)) {
          throw new IllegalArgumentException("audit metadata keys must be strings");
        }
        keys.add((String) k);
      }
      keys.sort(String::compareTo);
      b.append('{');
      for (int i = 0; i < keys.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        string(b, keys.get(i));
        b.append(':');
        append(b, map.get(keys.get(i)));
      }
      b.append('}');
    } else if (value instanceof Collection<?> items) {
      b.append('[');
      int i = 0;
      for (Object item : items) {
        if (i++ > 0) {
          b.append(',');
        }
        append(b, item);
      }
      b.append(']');
    } else {
      throw new IllegalArgumentException(
          "unsupported value in audit metadata: " + value.getClass().getSimpleName());
    }
  }

  private static void string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
