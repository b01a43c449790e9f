package dev.palisade.telemetry;

import java.util.regex.Pattern;

/**
 * Last line of defence for log output: masks values that look like credentials even if a message
 * was written carelessly. Code must still never log a secret; this only limits the damage.
 */
public final class Redactor {
  private static final Pattern[] PATTERNS = {
    Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+"),
    Pattern.compile(
        "(?i)((?:password|passwd|secret|token|api[_-]?key|credential)s?\"?\\s*[=:]\\s*\"?)[^\\s\",&}]+"),
    Pattern.compile("(?i)(://[^:/@\\s]+:)[^@/\\s]+(@)"),
    Pattern.compile("(inv_[0-9a-f]{32}_)[A-Za-z0-9_-]+"),
  };

  private Redactor() {}

  public static String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (int i = 0; i < PATTERNS.length; i++) {
      out = PATTERNS[i].matcher(out).replaceAll(i == 2 ? "$1***$2" : "$1***");
    }
    return out;
  }
}
