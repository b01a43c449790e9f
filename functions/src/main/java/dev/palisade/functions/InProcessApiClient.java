package dev.palisade.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.palisade.console.api.ApiAnswer;
import dev.palisade.console.api.ApiCall;
import dev.palisade.console.api.ApiClient;
import dev.palisade.console.api.ApiStream;
import dev.palisade.console.api.RelayKey;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Requires;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventHandler;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The console's way to the platform API inside a function, where no listener exists to call over
 * loopback: each call becomes an API Gateway event for the same handler that serves API Gateway's
 * own, from {@code 127.0.0.1} and with the console's relay key, as the Sovereign server's loopback
 * calls are. Nothing leaves the process. Bodies are whole (a Lambda response is at most 6 MB
 * anyway).
 */
@Singleton
@Requires(missingBeans = EmbeddedServer.class)
final class InProcessApiClient implements ApiClient {
  private static final String LOOPBACK = "127.0.0.1";

  private final ApplicationContext context;
  private final String relayKey;
  private volatile APIGatewayV2HTTPEventHandler handler;

  InProcessApiClient(ApplicationContext context, @Named(RelayKey.NAME) Supplier<String> relayKey) {
    this.context = context;
    this.relayKey = relayKey.get();
  }

  @Override
  public ApiAnswer send(ApiCall call) {
    APIGatewayV2HTTPResponse r =
        handler()
            .exchange(event(call), new APIGatewayV2HTTPResponse())
            .getResponse()
            .getNativeResponse();
    Map<String, String> headers = headers(r);
    byte[] body = body(r);
    return new ApiAnswer(
        r.getStatusCode(),
        headers.getOrDefault("content-type", "application/octet-stream"),
        headers.get("content-disposition"),
        headers.getOrDefault("x-request-id", call.requestId()),
        body);
  }

  @Override
  public ApiStream stream(ApiCall call) {
    ApiAnswer a = send(call);
    return new ApiStream(
        a.status(),
        a.contentType(),
        a.contentDisposition(),
        a.requestId(),
        new ByteArrayInputStream(a.body()));
  }

  private APIGatewayV2HTTPEventHandler handler() {
    APIGatewayV2HTTPEventHandler h = handler;
    if (h == null) {
      synchronized (this) {
        h = handler;
        if (h == null) {
          h = new APIGatewayV2HTTPEventHandler(context);
          handler = h;
        }
      }
    }
    return h;
  }

  private APIGatewayV2HTTPEvent event(ApiCall call) {
    String target = call.target();
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    Map<String, String> headers = new HashMap<>();
    headers.put("accept", "application/json");
    headers.put(RelayKey.HEADER.toLowerCase(Locale.ROOT), relayKey);
    if (call.token() != null) {
      headers.put("authorization", "Bearer " + call.token().value());
    }
    if (call.requestId() != null) {
      headers.put("x-request-id", call.requestId());
    }
    if (call.jsonBody() != null) {
      headers.put("content-type", "application/json");
    }
    return APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0")
        .withRouteKey("$default")
        .withRawPath(path)
        .withRawQueryString(q < 0 ? "" : target.substring(q + 1))
        .withQueryStringParameters(call.query().isEmpty() ? null : call.query())
        .withHeaders(headers)
        .withBody(call.jsonBody())
        .withIsBase64Encoded(false)
        .withRequestContext(
            APIGatewayV2HTTPEvent.RequestContext.builder()
                .withRouteKey("$default")
                .withStage("$default")
                .withHttp(
                    APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                        .withMethod(call.method())
                        .withPath(path)
                        .withProtocol("HTTP/1.1")
                        .withSourceIp(LOOPBACK)
                        .withUserAgent("palisade-console")
                        .build())
                .build())
        .build();
  }

  /** The response's headers, names in lower case (API Gateway's are case-insensitive). */
  private static Map<String, String> headers(APIGatewayV2HTTPResponse r) {
    Map<String, String> out = new HashMap<>();
    if (r.getMultiValueHeaders() != null) {
      r.getMultiValueHeaders()
          .forEach(
              (k, v) -> {
                if (!v.isEmpty()) {
                  out.put(k.toLowerCase(Locale.ROOT), v.get(0));
                }
              });
    }
    if (r.getHeaders() != null) {
      r.getHeaders().forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v));
    }
    return out;
  }

  private static byte[] body(APIGatewayV2HTTPResponse r) {
    String b = r.getBody();
    if (b == null) {
      return new byte[0];
    }
    return r.getIsBase64Encoded()
        ? Base64.getDecoder().decode(b)
        : b.getBytes(StandardCharsets.UTF_8);
  }
}
