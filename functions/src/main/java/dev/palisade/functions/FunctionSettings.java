package dev.palisade.functions;

import io.micronaut.context.ApplicationContextBuilder;
import java.util.HashMap;
import java.util.Map;

/**
 * How both functions configure their application context: from environment variables, as the
 * Sovereign server does ({@code PALISADE_DATABASE_URL} is {@code palisade.database.url}), a blank
 * variable meaning unset, with the settings that make a function a function forced: no in-process
 * scheduler (EventBridge Scheduler invokes the job function instead) and no trace export unless an
 * OTLP endpoint is given.
 */
public final class FunctionSettings {
  private FunctionSettings() {}

  /** {@code builder} with the functions' settings for the environment {@code env}. */
  public static ApplicationContextBuilder configure(
      ApplicationContextBuilder builder, Map<String, String> env) {
    return builder
        .banner(false)
        .environmentVariableExcludes(blankVariables(env))
        .properties(forced(env));
  }

  /** Properties no environment variable can change in a function. */
  static Map<String, Object> forced(Map<String, String> env) {
    Map<String, Object> props = new HashMap<>();
    props.put("palisade.scheduler.enabled", false);
    if (env.getOrDefault("OTEL_TRACES_EXPORTER", "").isBlank()) {
      boolean otlp = !env.getOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT", "").isBlank();
      props.put("otel.traces.exporter", otlp ? "otlp" : "none");
    }
    return props;
  }

  private static String[] blankVariables(Map<String, String> env) {
    return env.entrySet().stream()
        .filter(e -> e.getValue().isBlank())
        .map(Map.Entry::getKey)
        .sorted()
        .toArray(String[]::new);
  }
}
