package dev.palisade.telemetry;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;

/** A span exporter that reports every failed export to {@link ExportFailures}. */
final class CountedSpanExporter implements SpanExporter {
  private final SpanExporter delegate;
  private final ExportFailures failures;

  CountedSpanExporter(SpanExporter delegate, ExportFailures failures) {
    this.delegate = delegate;
    this.failures = failures;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    int count = spans.size();
    CompletableResultCode result;
    try {
      result = delegate.export(spans);
    } catch (RuntimeException e) {
      failures.failed("traces", count, e);
      return CompletableResultCode.ofFailure();
    }
    result.whenComplete(
        () -> {
          if (!result.isSuccess()) {
            failures.failed("traces", count, result.getFailureThrowable());
          }
        });
    return result;
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }

  @Override
  public String toString() {
    return "CountedSpanExporter{" + delegate + "}";
  }
}
