package dev.palisade.net;

import dev.palisade.telemetry.Spans;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.conn.ClientConnectionManager;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.params.HttpParams;
import org.apache.http.protocol.HttpContext;

/**
 * An Apache HTTP client that makes every request a client span of the outbound guard ({@code
 * "<client> <method>"}, with {@code http.request.method} and {@code http.response.status_code}) and
 * sends the trace context ({@code traceparent}) with it. A refused connection, a timeout or a
 * 4xx/5xx answer marks the span failed with the exception's class or the status code as {@code
 * error.type}.
 */
final class TracedHttpClient extends CloseableHttpClient {
  private final CloseableHttpClient delegate;
  private final OutboundGuard guard;
  private final String client;

  TracedHttpClient(CloseableHttpClient delegate, OutboundGuard guard, String client) {
    this.delegate = delegate;
    this.guard = guard;
    this.client = client;
  }

  @Override
  protected CloseableHttpResponse doExecute(
      HttpHost target, HttpRequest request, HttpContext context) throws IOException {
    String method = request.getRequestLine().getMethod();
    Span span =
        guard.span(
            client,
            method,
            target == null ? "(unknown)" : target.getHostName(),
            target == null ? -1 : target.getPort());
    span.setAttribute("http.request.method", method);
    try (Scope ignored = span.makeCurrent()) {
      guard.propagate(span, request::setHeader);
      CloseableHttpResponse response = delegate.execute(target, request, context);
      int status = response.getStatusLine().getStatusCode();
      span.setAttribute("http.response.status_code", status);
      if (status >= 400) {
        Spans.failed(span, Integer.toString(status));
      }
      return response;
    } catch (IOException | RuntimeException e) {
      Spans.failed(span, e.getClass().getSimpleName());
      throw e;
    } finally {
      span.end();
    }
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }

  @Override
  @Deprecated
  public HttpParams getParams() {
    return delegate.getParams();
  }

  @Override
  @Deprecated
  public ClientConnectionManager getConnectionManager() {
    return delegate.getConnectionManager();
  }
}
