package dev.palisade.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.Eventually;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Requests in flight show on the scrape while they are open, and leave it when answered. */
class ActiveRequestsIT {
  private static final Pattern ACTIVE =
      Pattern.compile("(?m)^http_server_requests_active ([0-9.eE+]+)$");

  private static double active(Http http) {
    Matcher m = ACTIVE.matcher(http.get("/metrics", null).body());
    assertThat(m.find()).as("http_server_requests_active on the scrape").isTrue();
    return Double.parseDouble(m.group(1));
  }

  @Test
  void countsARequestHeldByTheRateLimiterWhileItIsHeld() throws Exception {
    Map<String, Object> props = new HashMap<>();
    props.put("palisade.ratelimit.auth-burst", 1);
    props.put("palisade.ratelimit.auth-per-minute", 1);
    props.put("palisade.ratelimit.refusal-delay", "3s");
    try (TestServer server = TestServer.start(props)) {
      Http http = server.http();
      // the scrape itself is the one request in flight
      assertThat(active(http)).isEqualTo(1);
      String body = Http.json("email", "nobody@example.com", "password", "x", "org", null);
      http.post("/api/v1/auth/login", body, null);
      CompletableFuture<Http.Response> held =
          CompletableFuture.supplyAsync(() -> http.post("/api/v1/auth/login", body, null));
      Eventually.until(Duration.ofSeconds(10), () -> active(http) == 2);
      assertThat(held.get().status()).isEqualTo(429);
      assertThat(active(http)).isEqualTo(1);
    }
  }
}
