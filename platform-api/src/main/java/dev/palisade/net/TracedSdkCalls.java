package dev.palisade.net;

import dev.palisade.telemetry.Spans;
import io.opentelemetry.api.trace.Span;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * One client span per AWS SDK call (all its attempts), named {@code "<client> <operation>"} ({@code
 * awskms Encrypt}, {@code s3 PutObject}), with the trace context added to every attempt's headers
 * before it is signed. A failed call carries the exception's class as {@code error.type}.
 */
final class TracedSdkCalls implements ExecutionInterceptor {
  private static final ExecutionAttribute<Span> SPAN = new ExecutionAttribute<>("palisade.span");

  private final OutboundGuard guard;
  private final String client;

  TracedSdkCalls(OutboundGuard guard, String client) {
    this.guard = guard;
    this.client = client;
  }

  @Override
  public SdkHttpRequest modifyHttpRequest(
      Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
    SdkHttpRequest request = context.httpRequest();
    Span span = attributes.getAttribute(SPAN);
    if (span == null) {
      String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
      span =
          guard.span(
              client, operation == null ? "call" : operation, request.host(), request.port());
      attributes.putAttribute(SPAN, span);
    }
    SdkHttpRequest.Builder out = request.toBuilder();
    guard.propagate(span, out::putHeader);
    return out.build();
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    Span span = attributes.getAttribute(SPAN);
    if (span != null) {
      span.setAttribute("http.response.status_code", context.httpResponse().statusCode());
      span.end();
    }
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    Span span = attributes.getAttribute(SPAN);
    if (span != null) {
      Spans.failed(span, context.exception().getClass().getSimpleName());
      span.end();
    }
  }
}
