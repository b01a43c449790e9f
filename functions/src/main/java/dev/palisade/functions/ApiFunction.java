package dev.palisade.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The API function: the platform's HTTP API and the operator console behind an API Gateway HTTP API
 * (payload format 2.0). The same controllers, filters and services as the Sovereign server answer
 * each event; there is no listener and no in-process scheduler. Lambda handler: {@code
 * dev.palisade.functions.ApiFunction::handleRequest}.
 *
 * <p>The application context starts in the constructor, that is in Lambda's init phase (before a
 * SnapStart snapshot is taken), with every {@code @Context} bean (database pool and migrations, key
 * providers, job runner) created there.
 *
 * <p>Cookies arrive in the event's {@code cookies} list and leave in the answer's, one entry per
 * cookie; the adapter reads and writes them as headers only. Format 2.0 has no multi-value headers,
 * and API Gateway would send several {@code Set-Cookie} values of the {@code headers} map as one.
 */
public class ApiFunction extends APIGatewayV2HTTPEventFunction {
  private static final String SET_COOKIE = "set-cookie";
  private static final String COOKIE = "cookie";

  /** Lambda's constructor: configuration from the environment. */
  public ApiFunction() {
    super();
  }

  /** A function on a context that is already running (tests and benchmarks). */
  public ApiFunction(ApplicationContext context) {
    super(context);
  }

  @Override
  protected ApplicationContextBuilder newApplicationContextBuilder() {
    return FunctionSettings.builder(System.getenv());
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    cookiesAsHeader(event);
    APIGatewayV2HTTPResponse r = super.handleRequest(event, context);
    cookiesAsList(r);
    return r;
  }

  /**
   * API Gateway hands a format 2.0 event the request's cookies in its {@code cookies} list, not in
   * a {@code Cookie} header, and the adapter reads only the header.
   */
  private static void cookiesAsHeader(APIGatewayV2HTTPEvent event) {
    if (event.getCookies() == null || event.getCookies().isEmpty()) {
      return;
    }
    Map<String, String> headers =
        event.getHeaders() == null ? new HashMap<>() : new HashMap<>(event.getHeaders());
    String given = null;
    for (String name : List.copyOf(headers.keySet())) {
      if (name.equalsIgnoreCase(COOKIE)) {
        given = headers.remove(name);
      }
    }
    String joined = String.join("; ", event.getCookies());
    headers.put(COOKIE, given == null || given.isBlank() ? joined : given + "; " + joined);
    event.setHeaders(headers);
  }

  private static void cookiesAsList(APIGatewayV2HTTPResponse r) {
    List<String> cookies = new ArrayList<>(r.getCookies() == null ? List.of() : r.getCookies());
    if (r.getMultiValueHeaders() != null) {
      r.getMultiValueHeaders()
          .entrySet()
          .removeIf(e -> SET_COOKIE.equalsIgnoreCase(e.getKey()) && cookies.addAll(e.getValue()));
    }
    if (r.getHeaders() != null) {
      for (Map.Entry<String, String> h : List.copyOf(r.getHeaders().entrySet())) {
        if (SET_COOKIE.equalsIgnoreCase(h.getKey())) {
          r.getHeaders().remove(h.getKey());
          if (r.getMultiValueHeaders() == null && !cookies.contains(h.getValue())) {
            cookies.add(h.getValue());
          }
        }
      }
    }
    if (!cookies.isEmpty()) {
      r.setCookies(cookies);
    }
  }
}
