package dev.palisade.storage;

import dev.palisade.errors.PlatformException;
import java.nio.charset.StandardCharsets;

/**
 * The rules of a file key: 1-512 UTF-8 bytes, no leading {@code /}, no {@code ..} segment, no
 * control characters. A key is metadata only; it never becomes a path or an object name.
 */
public final class FileKey {
  public static final int MAX_BYTES = 512;

  private FileKey() {}

  /** {@code key} if it follows the rules, else a 422 naming {@code field}. */
  public static String check(String key, String field) {
    if (key == null || key.isEmpty()) {
      throw PlatformException.invalidField(field, "is required");
    }
    if (key.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw PlatformException.invalidField(field, "must be at most " + MAX_BYTES + " UTF-8 bytes");
    }
    if (key.startsWith("/")) {
      throw PlatformException.invalidField(field, "must not start with /");
    }
    if (("/" + key + "/").contains("/../")) {
      throw PlatformException.invalidField(field, "must not have a .. segment");
    }
    for (int i = 0; i < key.length(); ) {
      int cp = key.codePointAt(i);
      if (Character.isISOControl(cp)
          || Character.getType(cp) == Character.SURROGATE
          || cp == 0x2028
          || cp == 0x2029) {
        throw PlatformException.invalidField(field, "must not contain control characters");
      }
      i += Character.charCount(cp);
    }
    return key;
  }

  /** A prefix to list by: empty, or a key-like text (the same rules, but may be empty). */
  public static String prefix(String prefix) {
    return prefix == null || prefix.isEmpty() ? "" : check(prefix, "prefix");
  }
}
