package dev.palisade.server;

import dev.palisade.telemetry.Sanitizer;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.exceptions.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Why the server did not start, as one line, and the exit code that goes with it: {@link
 * #CONFIGURATION} when a setting is wrong (the line names it, as property and as environment
 * variable, and says what is wrong, never its value), {@link #OTHER} otherwise.
 */
record StartupFailure(String line, int exitCode) {
  /** {@code EX_CONFIG} from sysexits.h: the configuration is wrong. */
  static final int CONFIGURATION = 78;

  static final int OTHER = 1;

  private static final Logger LOG = LoggerFactory.getLogger(StartupFailure.class);

  /** {@code Validation failed for bean definition [a.b.Config]} and its violations. */
  private static final Pattern VALIDATION =
      Pattern.compile("Validation failed for bean definition \\[([\\w.$]+)]");

  private static final Pattern VIOLATION = Pattern.compile("\\t[\\w.$]+\\.(\\w+) - ([^\\n]+)");

  /** A value Micronaut could not convert, e.g. {@code micronaut.server.port}. */
  private static final Pattern UNCONVERTIBLE =
      Pattern.compile(
          "Error resolving property value \\[([\\w.-]+)]\\. Unable to convert value \\[.*?] to"
              + " target type \\[([\\w.$]+)]",
          Pattern.DOTALL);

  /** A configuration record's component Micronaut could not bind. */
  private static final Pattern UNBOUND =
      Pattern.compile("Failed to inject value for parameter \\[(\\w+)] of class: ([\\w.$]+)");

  /** Micronaut settings that application.yml fills from a Palisade setting. */
  private static final Map<String, String> FROM_PALISADE =
      Map.of(
          "micronaut.server.host", "palisade.http.host",
          "micronaut.server.port", "palisade.http.port",
          "micronaut.lifecycle.graceful-shutdown.grace-period", "palisade.shutdown.grace-period");

  static StartupFailure of(Throwable failure) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = failure; t != null && chain.size() < 32; t = t.getCause()) {
      chain.add(t);
      if (t.getCause() == t) {
        break;
      }
    }
    for (Throwable t : chain) {
      String message = t.getMessage() == null ? "" : t.getMessage();
      Matcher validation = VALIDATION.matcher(message);
      if (validation.find()) {
        String prefix = prefixOf(validation.group(1));
        List<String> problems = new ArrayList<>();
        Matcher v = VIOLATION.matcher(message);
        while (v.find()) {
          problems.add(named(prefix + "." + kebab(v.group(1))) + " " + v.group(2).strip());
        }
        if (!problems.isEmpty()) {
          return configuration(String.join("; ", problems));
        }
      }
    }
    for (Throwable t : chain) {
      String message = t.getMessage() == null ? "" : t.getMessage();
      Matcher unconvertible = UNCONVERTIBLE.matcher(message);
      if (unconvertible.find()) {
        String property =
            FROM_PALISADE.getOrDefault(unconvertible.group(1), unconvertible.group(1));
        return configuration(
            named(property) + " is not a valid " + typeName(unconvertible.group(2)));
      }
    }
    for (Throwable t : chain) {
      if (t instanceof ConfigurationException) {
        return configuration(Sanitizer.clean(t.getMessage()));
      }
    }
    for (Throwable t : chain) {
      String message = t.getMessage() == null ? "" : t.getMessage();
      Matcher unbound = UNBOUND.matcher(message);
      if (unbound.find() && prefixOf(unbound.group(2)) != null) {
        return configuration(
            named(prefixOf(unbound.group(2)) + "." + kebab(unbound.group(1)))
                + " has a value of the wrong form");
      }
    }
    return new StartupFailure("did not start: " + Sanitizer.reason(failure), OTHER);
  }

  /** Logs what an operator needs beyond the line: the stack trace of an unexpected failure. */
  void log(Throwable failure) {
    if (exitCode == OTHER) {
      LOG.error("startup failed: {}", line, failure);
    }
  }

  private static StartupFailure configuration(String problem) {
    return new StartupFailure("configuration error: " + problem, CONFIGURATION);
  }

  /** {@code a.b-c (A_B_C)}: the property and the environment variable that sets it. */
  static String named(String property) {
    return property
        + " ("
        + property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_')
        + ")";
  }

  /** The full prefix of a configuration class, following its enclosing classes; null if none. */
  private static String prefixOf(String className) {
    try {
      Class<?> c = Class.forName(className, false, StartupFailure.class.getClassLoader());
      String prefix = null;
      for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
        ConfigurationProperties p = k.getAnnotation(ConfigurationProperties.class);
        if (p != null) {
          prefix = prefix == null ? p.value() : p.value() + "." + prefix;
        }
      }
      return prefix;
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  static String typeName(String javaType) {
    String simple = javaType.substring(javaType.lastIndexOf('.') + 1);
    return switch (simple) {
      case "int", "Integer", "long", "Long" -> "whole number";
      case "boolean", "Boolean" -> "boolean (true or false)";
      case "Duration" -> "duration (such as 30s, 5m or 1h)";
      default -> simple;
    };
  }
}
