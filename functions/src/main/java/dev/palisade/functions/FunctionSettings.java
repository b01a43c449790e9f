package dev.palisade.functions;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.env.Environment;
import io.micronaut.function.aws.MicronautLambdaContext;
import java.util.HashMap;
import java.util.Map;

/**
 * How both functions configure their application context: from environment variables, as the
 * Sovereign server does ({@code PALISADE_DATABASE_URL} is {@code palisade.database.url}), a blank
 * variable meaning unset, with the settings that make a function a function forced: no in-process
 * scheduler (EventBridge Scheduler invokes the job function instead) and no trace export unless an
 * OTLP endpoint is given.
 *
 * <p>Not Micronaut's {@code LambdaApplicationContextBuilder}, which creates every singleton and
 * configuration bean during the init phase (turning the flags off on it again did not undo that
 * here): the same environments, without that, because the settings of backends that are not chosen
 * (a Vault address when the key provider is AWS KMS) are rightly absent, and their configuration
 * beans may only be created with their backend. The beans the platform needs from the start are
 * {@code @Context} beans (install database and migrations, key backends, job runner, dependency
 * monitor, metrics) and are created during the init phase all the same.
 */
public final class FunctionSettings {
  private FunctionSettings() {}

  /** A context builder with the functions' settings for the environment {@code env}. */
  public static ApplicationContextBuilder builder(Map<String, String> env) {
    return ApplicationContext.builder()
        .environments(Environment.FUNCTION, MicronautLambdaContext.ENVIRONMENT_LAMBDA)
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
