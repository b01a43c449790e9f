package dev.palisade.telemetry;

import io.micronaut.tracing.opentelemetry.OpenTelemetryBuilderCustomizer;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;

/**
 * Defaults the OpenTelemetry SDK gets from Palisade rather than from its own autoconfiguration:
 * OTLP over HTTP/protobuf unless {@code OTEL_EXPORTER_OTLP_PROTOCOL} (or the traces-only variant)
 * says otherwise, as the OpenTelemetry specification makes it the default; a parent-based ratio
 * sampler from {@code palisade.tracing.sample-ratio} unless {@code OTEL_TRACES_SAMPLER} is set; and
 * every span exporter wrapped so that a failed export is counted and logged.
 */
@Singleton
final class OtlpDefaults implements OpenTelemetryBuilderCustomizer {
  static final String PROTOCOL = "otel.exporter.otlp.protocol";
  static final String TRACES_PROTOCOL = "otel.exporter.otlp.traces.protocol";
  static final String SAMPLER = "otel.traces.sampler";
  static final String SAMPLER_ARG = "otel.traces.sampler.arg";

  private final TracingConfig config;
  private final ExportFailures failures;

  OtlpDefaults(TracingConfig config, ExportFailures failures) {
    this.config = config;
    this.failures = failures;
  }

  @Override
  public void configure(AutoConfiguredOpenTelemetrySdkBuilder builder) {
    builder.addPropertiesCustomizer(this::defaults);
    builder.addSpanExporterCustomizer(
        (exporter, properties) -> new CountedSpanExporter(exporter, failures));
  }

  /** The properties to add: only those the operator did not set. */
  Map<String, String> defaults(ConfigProperties properties) {
    Map<String, String> out = new HashMap<>();
    if (blank(properties.getString(PROTOCOL)) && blank(properties.getString(TRACES_PROTOCOL))) {
      out.put(PROTOCOL, "http/protobuf");
    }
    if (blank(properties.getString(SAMPLER))) {
      out.put(SAMPLER, "parentbased_traceidratio");
      if (blank(properties.getString(SAMPLER_ARG))) {
        out.put(SAMPLER_ARG, Double.toString(config.sampleRatio()));
      }
    }
    return out;
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
