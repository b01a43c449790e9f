package dev.palisade.telemetry;

import dev.palisade.errors.ProblemResponseProcessor;
import io.micronaut.context.propagation.slf4j.MdcPropagationContext;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Gives every request an id: the client's {@code X-Request-ID} when it is a safe token, otherwise a
 * new one. The id and the trace id go into the logging context of everything the request does, and
 * the id is echoed on the response.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public final class RequestContextFilter implements Ordered {
  public static final String HEADER = "X-Request-ID";
  static final String ATTRIBUTE = "palisade.request_id";
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  @Override
  public int getOrder() {
    return ServerFilterPhase.TRACING.after();
  }

  @RequestFilter
  public void onRequest(HttpRequest<?> request, MutablePropagatedContext context) {
    String id = requestId(request.getHeaders().get(HEADER));
    request.setAttribute(ATTRIBUTE, id);
    Map<String, String> mdc = new HashMap<>();
    mdc.put("request_id", id);
    SpanContext span = Span.current().getSpanContext();
    if (span.isValid() && request.getAttribute(ProblemResponseProcessor.SERVER_SPAN).isEmpty()) {
      request.setAttribute(ProblemResponseProcessor.SERVER_SPAN, Span.current());
    }
    if (span.isValid()) {
      mdc.put("trace_id", span.getTraceId());
      mdc.put("span_id", span.getSpanId());
    }
    MDC.setContextMap(mdc);
    context.add(new MdcPropagationContext(mdc));
    MDC.clear();
  }

  /** The client's request id when it is a safe token, otherwise a new one. */
  public static String requestId(String given) {
    return given != null && SAFE.matcher(given).matches() ? given : newId();
  }

  /**
   * A random version-4 UUID from a fast generator: request ids must be unique, not secret, so the
   * per-request cost of {@code SecureRandom} is not needed.
   */
  static String newId() {
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    long hi = (r.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(hi, lo).toString();
  }

  @ResponseFilter
  public void onResponse(HttpRequest<?> request, MutableHttpResponse<?> response) {
    request
        .getAttribute(ATTRIBUTE, String.class)
        .ifPresent(id -> response.getHeaders().set(HEADER, id));
  }
}
