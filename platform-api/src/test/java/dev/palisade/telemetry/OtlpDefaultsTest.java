package dev.palisade.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.exceptions.ConfigurationException;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtlpDefaultsTest {
  private static Map<String, String> defaults(double ratio, Map<String, String> set) {
    TracingConfig config = new TracingConfig(ratio, null);
    OtlpDefaults d =
        new OtlpDefaults(
            config, new ExportFailures(new SimpleMeterRegistry(), Clock.systemUTC(), config));
    return d.defaults(DefaultConfigProperties.createFromMap(set));
  }

  @Test
  void defaultsToHttpProtobufAndAParentBasedRatioSampler() {
    assertThat(defaults(0.25, Map.of()))
        .containsEntry("otel.exporter.otlp.protocol", "http/protobuf")
        .containsEntry("otel.traces.sampler", "parentbased_traceidratio")
        .containsEntry("otel.traces.sampler.arg", "0.25");
  }

  @Test
  void leavesWhatTheOperatorSetAlone() {
    assertThat(
            defaults(
                1.0,
                Map.of(
                    "otel.exporter.otlp.protocol", "grpc",
                    "otel.traces.sampler", "always_off")))
        .isEmpty();
    assertThat(defaults(1.0, Map.of("otel.exporter.otlp.traces.protocol", "grpc")))
        .doesNotContainKey("otel.exporter.otlp.protocol");
    assertThat(defaults(1.0, Map.of("otel.traces.sampler.arg", "0.5")))
        .containsEntry("otel.traces.sampler", "parentbased_traceidratio")
        .doesNotContainKey("otel.traces.sampler.arg");
  }

  @Test
  void tracingConfigDefaultsAndRefusesARatioOutOfRange() {
    TracingConfig config = new TracingConfig(null, null);
    assertThat(config.sampleRatio()).isEqualTo(1.0);
    assertThat(config.exportFailureLogInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThatThrownBy(() -> new TracingConfig(1.5, null))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("palisade.tracing.sample-ratio");
    assertThatThrownBy(() -> new TracingConfig(Double.NaN, null))
        .isInstanceOf(ConfigurationException.class);
  }
}
