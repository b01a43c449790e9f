package dev.palisade.server;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.HashMap;
import java.util.Map;

/** The Sovereign server: Netty, the in-process jobs, and either a configured or an embedded DB. */
public final class PalisadeServer {
  private PalisadeServer() {}

  public static void main(String[] args) {
    ApplicationContext context =
        Micronaut.build(args)
            .mainClass(PalisadeServer.class)
            .banner(false)
            .properties(defaults(System.getenv()))
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
    boolean otlp = env.containsKey("OTEL_EXPORTER_OTLP_ENDPOINT");
    if (!env.containsKey("OTEL_TRACES_EXPORTER")) {
      props.put("otel.traces.exporter", otlp ? "otlp" : "none");
    }
    return props;
  }
}
