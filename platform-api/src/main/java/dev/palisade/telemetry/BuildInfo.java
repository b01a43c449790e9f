package dev.palisade.telemetry;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The running version, from the build, published as {@code palisade_build_info{version}}. */
@Context
public final class BuildInfo {
  private final String version;

  public BuildInfo(MeterRegistry registry) {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read build.properties", e);
    }
    this.version = p.getProperty("version", "unknown");
    Gauge.builder("palisade.build.info", () -> 1)
        .description("Build information of the running Palisade server")
        .tag("version", version)
        .register(registry);
  }

  public String version() {
    return version;
  }
}
