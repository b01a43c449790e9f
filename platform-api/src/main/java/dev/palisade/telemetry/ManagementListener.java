package dev.palisade.telemetry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A separate internal listener for {@code /metrics}, started when {@code palisade.management.port}
 * ({@code PALISADE_MANAGEMENT_PORT}) is set, so scrapes can stay on a network the public listener
 * does not share.
 */
@Context
@Requires(property = "palisade.management.port")
public final class ManagementListener {
  private static final Logger LOG = LoggerFactory.getLogger(ManagementListener.class);
  private final HttpServer server;
  private final ExecutorService executor;

  ManagementListener(
      Scrape scrape,
      @Property(name = "palisade.management.port") int port,
      @Property(name = "palisade.management.host", defaultValue = "127.0.0.1") String host)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress(host, port), 16);
    server.createContext(
        "/metrics",
        exchange -> {
          if (!"GET".equals(exchange.getRequestMethod())
              || !"/metrics".equals(exchange.getRequestURI().getPath())) {
            send(exchange, 404, "text/plain", "not found");
            return;
          }
          send(exchange, 200, Scrape.CONTENT_TYPE, scrape.render());
        });
    executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "palisade-management");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.start();
    LOG.info("management listener on {}:{} serves /metrics", host, port());
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @PreDestroy
  void stop() {
    server.stop(0);
    executor.shutdownNow();
  }
}
