package dev.palisade.server;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Settings as the operator gives them, before Micronaut reads them. A variable or property that is
 * set but empty (common in container templates: {@code PALISADE_DATABASE_URL=}) means unset, for
 * every setting, so its default applies.
 */
final class Settings {
  private static final Set<String> LOG_LEVELS =
      Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");
  private static final Set<String> LOG_FORMATS = Set.of("json", "text");

  private Settings() {}

  /** Environment variables that are set but blank: they must not reach the configuration. */
  static String[] emptyVariables(Map<String, String> env) {
    return env.entrySet().stream()
        .filter(e -> e.getValue().isBlank())
        .map(Map.Entry::getKey)
        .sorted()
        .toArray(String[]::new);
  }

  /** Removes blank {@code -Dpalisade.*}, {@code -Dmicronaut.*} and {@code -Dotel.*} properties. */
  static void clearEmptySystemProperties() {
    for (String name : System.getProperties().stringPropertyNames()) {
      if ((name.startsWith("palisade.")
              || name.startsWith("micronaut.")
              || name.startsWith("otel."))
          && System.getProperty(name, "").isBlank()) {
        System.clearProperty(name);
      }
    }
  }

  /**
   * Checks the two settings the log configuration reads before anything else runs, and pins a blank
   * log level to its default (the log configuration would read a blank one as DEBUG). Returns what
   * is wrong, if anything.
   */
  static Optional<String> checkLogging(Map<String, String> env) {
    String level = env.getOrDefault("PALISADE_LOG_LEVEL", "").strip();
    if (level.isEmpty()) {
      System.setProperty("PALISADE_LOG_LEVEL", "INFO");
    } else if (!LOG_LEVELS.contains(level.toUpperCase(Locale.ROOT))) {
      return Optional.of("PALISADE_LOG_LEVEL must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF");
    }
    String format = env.getOrDefault("PALISADE_LOG_FORMAT", "").strip();
    if (!format.isEmpty() && !LOG_FORMATS.contains(format.toLowerCase(Locale.ROOT))) {
      return Optional.of("PALISADE_LOG_FORMAT must be json or text");
    }
    return Optional.empty();
  }
}
