package dev.palisade.telemetry;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal OTLP/HTTP trace receiver on loopback: accepts {@code POST /v1/traces} with an {@code
 * application/x-protobuf} body, decodes it as an {@code ExportTraceServiceRequest} and keeps every
 * span with its resource; answers anything else with 404 or 415, as a collector would.
 */
final class OtlpReceiver implements AutoCloseable {
  /** One received span with the resource it came with. */
  record Received(Resource resource, Span span) {
    String traceId() {
      return HexFormat.of().formatHex(span.getTraceId().toByteArray());
    }

    String resourceAttribute(String key) {
      return value(resource.getAttributesList(), key);
    }

    String attribute(String key) {
      return value(span.getAttributesList(), key);
    }

    private static String value(List<KeyValue> attributes, String key) {
      for (KeyValue kv : attributes) {
        if (kv.getKey().equals(key)) {
          return kv.getValue().hasStringValue()
              ? kv.getValue().getStringValue()
              : String.valueOf(kv.getValue().getIntValue());
        }
      }
      return null;
    }
  }

  private final HttpServer server;
  private final List<Received> spans = new CopyOnWriteArrayList<>();
  private final List<String> refused = new CopyOnWriteArrayList<>();

  OtlpReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
              body = in.readAllBytes();
            }
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            if (!"POST".equals(exchange.getRequestMethod())
                || !"/v1/traces".equals(exchange.getRequestURI().getPath())) {
              refused.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
              exchange.sendResponseHeaders(404, -1);
              return;
            }
            if (!"application/x-protobuf".equals(type)) {
              refused.add("content type " + type);
              exchange.sendResponseHeaders(415, -1);
              return;
            }
            try {
              keep(ExportTraceServiceRequest.parseFrom(body));
            } catch (RuntimeException | LinkageError | IOException e) {
              refused.add("undecodable: " + e);
              exchange.sendResponseHeaders(400, -1);
              return;
            }
            byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(answer);
            }
          }
        });
    server.start();
  }

  private void keep(ExportTraceServiceRequest request) {
    List<Received> batch = new ArrayList<>();
    for (ResourceSpans rs : request.getResourceSpansList()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span span : ss.getSpansList()) {
          batch.add(new Received(rs.getResource(), span));
        }
      }
    }
    spans.addAll(batch);
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<Received> spans() {
    return List.copyOf(spans);
  }

  List<String> refused() {
    return List.copyOf(refused);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
