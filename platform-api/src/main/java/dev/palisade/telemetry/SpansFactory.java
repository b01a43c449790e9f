package dev.palisade.telemetry;

import io.micronaut.context.annotation.Factory;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.inject.Singleton;

/** The {@link Spans} of the application, on its OpenTelemetry. */
@Factory
final class SpansFactory {
  @Singleton
  Spans spans(OpenTelemetry otel) {
    return new Spans(otel);
  }
}
