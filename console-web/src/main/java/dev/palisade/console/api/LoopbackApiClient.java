package dev.palisade.console.api;

import dev.palisade.console.ConsoleConfig;
import dev.palisade.console.ConsoleProblem;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the platform API on this server's own listener over loopback. This is the console's only
 * outbound connection: it goes to {@code 127.0.0.1} and the port this process listens on, never to
 * an address taken from a request.
 */
@Singleton
@Requires(beans = EmbeddedServer.class)
final class LoopbackApiClient implements ApiClient {
  private static final Logger LOG = LoggerFactory.getLogger(LoopbackApiClient.class);
  private static final String PROBLEM = "application/problem+json";

  private final BeanProvider<EmbeddedServer> server;
  private final Duration timeout;
  private final HttpClient http;
  private final String relayKey;
  private volatile String base;

  LoopbackApiClient(
      BeanProvider<EmbeddedServer> server,
      ConsoleConfig config,
      @Named(RelayKey.NAME) Supplier<String> relayKey) {
    this.server = server;
    this.relayKey = relayKey.get();
    this.timeout = config.apiTimeout();
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  private String base() {
    String b = base;
    if (b == null) {
      b = "http://127.0.0.1:" + server.get().getPort();
      base = b;
    }
    return b;
  }

  @Override
  public ApiAnswer send(ApiCall call) {
    try {
      HttpResponse<byte[]> r = http.send(request(call), HttpResponse.BodyHandlers.ofByteArray());
      return answer(r, call, ApiAnswer::new);
    } catch (IOException e) {
      return failure(e, call);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failure(new IOException("interrupted"), call);
    }
  }

  @Override
  public ApiStream stream(ApiCall call) {
    try {
      HttpResponse<InputStream> r =
          http.send(request(call), HttpResponse.BodyHandlers.ofInputStream());
      return answer(r, call, ApiStream::new);
    } catch (IOException e) {
      return streamOf(failure(e, call));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return streamOf(failure(new IOException("interrupted"), call));
    }
  }

  /** An answer of either form, {@link ApiAnswer} or {@link ApiStream}, built from its parts. */
  private interface AnswerOf<B, A> {
    A of(int status, String contentType, String contentDisposition, String requestId, B body);
  }

  /** The answer to {@code call}: its status, the headers the console relays and the body. */
  private static <B, A> A answer(HttpResponse<B> r, ApiCall call, AnswerOf<B, A> answer) {
    return answer.of(
        r.statusCode(),
        r.headers().firstValue("Content-Type").orElse("application/octet-stream"),
        r.headers().firstValue("Content-Disposition").orElse(null),
        r.headers().firstValue("X-Request-ID").orElse(call.requestId()),
        r.body());
  }

  private static ApiStream streamOf(ApiAnswer a) {
    return new ApiStream(
        a.status(), a.contentType(), null, a.requestId(), new ByteArrayInputStream(a.body()));
  }

  private HttpRequest request(ApiCall call) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base() + call.target()))
            .timeout(timeout)
            .header("Accept", "application/json")
            .header(RelayKey.HEADER, relayKey);
    if (call.token() != null) {
      b.header("Authorization", "Bearer " + call.token().value());
    }
    if (call.requestId() != null) {
      b.header("X-Request-ID", call.requestId());
    }
    if (call.jsonBody() != null) {
      b.header("Content-Type", "application/json");
      b.method(call.method(), HttpRequest.BodyPublishers.ofString(call.jsonBody()));
    } else {
      b.method(call.method(), HttpRequest.BodyPublishers.noBody());
    }
    return b.build();
  }

  private static ApiAnswer failure(IOException e, ApiCall call) {
    if (e instanceof HttpTimeoutException) {
      LOG.warn("console: platform API {} {} timed out", call.method(), call.path());
      return failure(504, "Gateway timeout", "the platform API did not answer in time", call);
    }
    LOG.warn("console: platform API {} {} failed: {}", call.method(), call.path(), e.toString());
    return failure(502, "Dependency failed", "the platform API could not be reached", call);
  }

  private static ApiAnswer failure(int status, String title, String detail, ApiCall call) {
    String code = status == 504 ? "dependency-unavailable" : "dependency-failed";
    ConsoleProblem p = new ConsoleProblem(status, code, title, detail, null, call.requestId());
    return new ApiAnswer(status, PROBLEM, null, call.requestId(), p.bytes());
  }
}
