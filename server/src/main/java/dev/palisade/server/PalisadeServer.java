package dev.palisade.server;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.HashMap;
import java.util.Map;

/** The Sovereign server: Netty, the in-process jobs, and either a configured or an embedded DB. */
public final class PalisadeServer {
  private PalisadeServer() {}

  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    Settings.clearEmptySystemProperties();
    if (args.length > 0 && "restore".equals(args[0])) {
      Settings.checkLogging(env).ifPresent(PalisadeServer::refuse);
      if (env.getOrDefault("PALISADE_LOG_LEVEL", "").isBlank()) {
        System.setProperty("PALISADE_LOG_LEVEL", "WARN"); // the command's own lines are enough
      }
      System.exit(
          RestoreCommand.run(
              java.util.Arrays.copyOfRange(args, 1, args.length), env, System.out, System.err));
    }
    Settings.checkLogging(env).ifPresent(PalisadeServer::refuse);
    ApplicationContext context =
        new Launcher()
            .args(args)
            .mainClass(PalisadeServer.class)
            .banner(false)
            .environmentVariableExcludes(Settings.emptyVariables(env))
            .properties(defaults(env))
            .start();
    EmbeddedServer server = context.getBean(EmbeddedServer.class);
    String base = "http://" + server.getHost() + ":" + server.getPort();
    System.out.println("Palisade is running at " + base);
    System.out.println("  liveness:   " + base + "/api/health/live");
    System.out.println("  readiness:  " + base + "/api/health/ready");
    System.out.println(
        "  metrics:    " + base + "/metrics (unless PALISADE_MANAGEMENT_PORT is set)");
    System.out.println(
        "  next step:  POST "
            + base
            + "/api/v1/setup with the setup token (see docs/first-run.md)");
    System.out.flush();
  }

  /** Properties that depend on the environment in ways a YAML placeholder cannot express. */
  public static Map<String, Object> defaults(Map<String, String> env) {
    Map<String, Object> props = new HashMap<>();
    boolean otlp = !env.getOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT", "").isBlank();
    if (env.getOrDefault("OTEL_TRACES_EXPORTER", "").isBlank()) {
      props.put("otel.traces.exporter", otlp ? "otlp" : "none");
    }
    return props;
  }

  /** Ends the process with {@link StartupFailure#CONFIGURATION} and one line on standard error. */
  private static void refuse(String line) {
    System.err.println("palisade: " + line);
    System.err.flush();
    System.exit(StartupFailure.CONFIGURATION);
  }

  /** Startup failures become one line and an exit code instead of Micronaut's stack trace. */
  private static final class Launcher extends Micronaut {
    @Override
    protected void handleStartupException(Environment environment, Throwable exception) {
      StartupFailure failure = StartupFailure.of(exception);
      failure.log(exception);
      System.err.println("palisade: " + failure.line());
      System.err.flush();
      System.exit(failure.exitCode());
    }
  }
}
