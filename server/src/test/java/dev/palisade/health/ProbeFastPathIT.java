package dev.palisade.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The liveness and readiness probes are answered ahead of Micronaut's filter chain with the same
 * answers the router gives, counted in the request metrics, echoing a safe request id, and without
 * reordering pipelined responses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProbeFastPathIT {
  private TestServer server;
  private Http http;

  @BeforeAll
  void start() {
    server = TestServer.start(Map.of("palisade.test.count-filtered-probes", "true"));
    http = server.http();
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  @BeforeEach
  void reset() {
    FilteredProbes.COUNT.set(0);
  }

  @Test
  void probesAreAnsweredWithoutTheFilterChainAndAsTheRouterWouldAnswerThem() {
    for (String path : List.of("/api/health/live", "/api/health/ready")) {
      Http.Response fast = http.get(path, null);
      assertThat(FilteredProbes.COUNT.get()).as(path + " reached the filters").isZero();
      Http.Response routed = http.get(path + "?via=router", null);
      assertThat(FilteredProbes.COUNT.get()).as("the router served " + path).isEqualTo(1);
      FilteredProbes.COUNT.set(0);

      assertThat(fast.status()).isEqualTo(routed.status()).isEqualTo(200);
      assertThat(fast.contentType()).isEqualTo(routed.contentType()).startsWith("application/json");
      assertThat(headerNames(fast)).isEqualTo(headerNames(routed));
      assertThat(fast.json().get("status")).isEqualTo(routed.json().get("status"));
      assertThat(fast.json().path("checks").size()).isEqualTo(routed.json().path("checks").size());
    }
    assertThat(http.get("/api/health/live", null).body()).isEqualTo("{\"status\":\"ok\"}");
  }

  @Test
  void aSafeRequestIdIsEchoedAndAnUnsafeOneReplaced() {
    Http.Response echoed =
        http.sendAs("GET", "/api/health/live", null, Map.of("X-Request-ID", "probe-42.a:b"));
    assertThat(echoed.header("X-Request-ID")).isEqualTo("probe-42.a:b");
    Http.Response replaced =
        http.sendAs("GET", "/api/health/ready", null, Map.of("X-Request-ID", "bad id <x>"));
    assertThat(replaced.header("X-Request-ID"))
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(http.get("/api/health/live", null).header("X-Request-ID")).isNotBlank();
    assertThat(FilteredProbes.COUNT.get()).isZero();
  }

  @Test
  void probesAnsweredAheadOfTheRouterStillCountInTheRequestMetrics() {
    double before = count("/api/health/live", "200");
    for (int i = 0; i < 7; i++) {
      assertThat(http.get("/api/health/live", null).status()).isEqualTo(200);
    }
    assertThat(FilteredProbes.COUNT.get()).isZero();
    assertThat(count("/api/health/live", "200") - before).isEqualTo(7.0);
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    URI base = URI.create(http.base());
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      // a sign-in takes a password hash's time, so the probes arrive while it is being answered
      String signIn = "{\"email\":\"nobody@example.com\",\"password\":\"not the password\"}";
      String request =
          "POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
              + "Content-Length: "
              + signIn.length()
              + "\r\n\r\n"
              + signIn
              + "GET /api/health/live HTTP/1.1\r\nHost: localhost\r\n\r\n"
              + "GET /api/health/ready HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String answers = readAll(socket.getInputStream());
      Matcher m = Pattern.compile("HTTP/1\\.1 (\\d{3})").matcher(answers);
      StringBuilder statuses = new StringBuilder();
      while (m.find()) {
        statuses.append(m.group(1)).append(' ');
      }
      assertThat(statuses.toString().trim()).isEqualTo("401 200 200");
    }
    // the probes behind the sign-in went through the router, after it
    assertThat(FilteredProbes.COUNT.get()).isEqualTo(2);
    // and a connection that has caught up answers probes ahead of the router again
    assertThat(http.get("/api/health/live", null).status()).isEqualTo(200);
    assertThat(FilteredProbes.COUNT.get()).isEqualTo(2);
  }

  @Test
  void aProbeWithConnectionCloseIsAnsweredAndTheConnectionClosed() throws Exception {
    URI base = URI.create(http.base());
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write("GET /api/health/live HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String answer = readAll(socket.getInputStream());
      assertThat(answer).startsWith("HTTP/1.0 200").endsWith("{\"status\":\"ok\"}");
      assertThat(answer.toLowerCase()).contains("content-length: 15");
    }
    assertThat(FilteredProbes.COUNT.get()).isZero();
  }

  private double count(String uri, String status) {
    String metrics = http.get("/metrics", null).body();
    Matcher m =
        Pattern.compile("(?m)^http_server_requests_seconds_count\\{([^}]*)\\} ([0-9.eE+]+)$")
            .matcher(metrics);
    double total = 0;
    while (m.find()) {
      String labels = m.group(1);
      if (labels.contains("uri=\"" + uri + "\"")
          && labels.contains("status=\"" + status + "\"")
          && labels.contains("method=\"GET\"")) {
        total += Double.parseDouble(m.group(2));
      }
    }
    return total;
  }

  private static TreeSet<String> headerNames(Http.Response r) {
    TreeSet<String> names = new TreeSet<>();
    r.headers().keySet().forEach(k -> names.add(k.toLowerCase()));
    names.remove(":status");
    return names;
  }

  private static String readAll(InputStream in) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toString(StandardCharsets.US_ASCII);
  }
}
