package dev.palisade.telemetry;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.inject.Singleton;

/** Collects finished spans in memory for tests that ask for it. */
@Factory
@Requires(property = "palisade.test.in-memory-spans", value = "true")
class InMemorySpans {
  @Singleton
  InMemorySpanExporter exporter() {
    return InMemorySpanExporter.create();
  }

  @Singleton
  SpanProcessor processor(InMemorySpanExporter exporter) {
    return SimpleSpanProcessor.create(exporter);
  }
}
