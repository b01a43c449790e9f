package dev.palisade.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The platform's own spans (statements, key provider operations, outbound calls) on the
 * application's OpenTelemetry, and the propagation of the current trace to peers ({@code
 * traceparent}, with the propagators the SDK is configured with: W3C trace context by default).
 * {@link #NOOP} records nothing, for code built outside the application context. Attributes carry
 * types, names and outcomes, never a bound value, a key or a credential. Thread-safe.
 */
public final class Spans {
  /** Spans that are never recorded or exported. */
  public static final Spans NOOP = new Spans(OpenTelemetry.noop());

  /** {@code error.type} of the semantic conventions: a class of failure, never a message. */
  public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private static final TextMapSetter<BiConsumer<String, String>> SETTER =
      (carrier, key, value) -> carrier.accept(key, value);

  private final Tracer tracer;
  private final TextMapPropagator propagator;

  public Spans(OpenTelemetry otel) {
    this.tracer = otel.getTracer("dev.palisade");
    this.propagator = otel.getPropagators().getTextMapPropagator();
  }

  /** A started span, child of the current one; the caller ends it. */
  public Span start(String name, SpanKind kind, Map<String, String> attributes) {
    var builder = tracer.spanBuilder(name).setSpanKind(kind);
    attributes.forEach(builder::setAttribute);
    return builder.startSpan();
  }

  /**
   * Runs {@code work} in a span that is current while it runs (so spans it starts are its
   * children); a failure marks the span as an error with the exception's class as {@code
   * error.type}, and is rethrown.
   */
  public <T> T inSpan(
      String name, SpanKind kind, Map<String, String> attributes, Supplier<T> work) {
    Span span = start(name, kind, attributes);
    try (Scope ignored = span.makeCurrent()) {
      return work.get();
    } catch (RuntimeException | Error e) {
      failed(span, e.getClass().getSimpleName());
      throw e;
    } finally {
      span.end();
    }
  }

  /** Marks {@code span} failed with {@code errorType}, without recording any message. */
  public static void failed(Span span, String errorType) {
    span.setStatus(StatusCode.ERROR);
    span.setAttribute(ERROR_TYPE, errorType);
  }

  /** Writes the trace context of {@code span} as headers ({@code traceparent}…) to {@code out}. */
  public void inject(Span span, BiConsumer<String, String> out) {
    propagator.inject(Context.current().with(span), out, SETTER);
  }
}
