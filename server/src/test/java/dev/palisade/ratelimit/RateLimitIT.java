package dev.palisade.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The rate limiter with its default limits (the test server's raised limits removed), behind a
 * proxy at 127.0.0.1 so that each test can speak from addresses of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitIT {
  private TestServer server;
  private Http http;
  private String admin;

  @BeforeAll
  void start() {
    Map<String, Object> props = new HashMap<>();
    TestServer.RAISED_LIMITS.keySet().forEach(k -> props.put(k, null));
    props.put("palisade.http.trusted-proxies", "127.0.0.1");
    server = TestServer.start(props);
    http = server.http();
    admin = server.installAdmin();
    server.createOrg(admin, "limits");
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private Http.Response login(String from) {
    return post(
        "/api/v1/auth/login",
        Http.json("email", "nobody@example.com", "password", "not the password", "org", "limits"),
        from);
  }

  /** A setup attempt after setup: the cheapest request of the {@code auth} category. */
  private Http.Response setup(String from) {
    return post(
        "/api/v1/setup",
        Http.json("setupToken", "wrong", "email", "x@example.com", "password", TestServer.PASSWORD),
        from);
  }

  private Http.Response post(String path, String body, String from) {
    return http.sendAs(
        "POST", path, body, Map.of("X-Forwarded-For", from, "Content-Type", "application/json"));
  }

  private double hits(String category) {
    Matcher m =
        Pattern.compile(
                "(?m)^palisade_rate_limit_hits_total\\{category=\"" + category + "\"} (\\S+)$")
            .matcher(http.get("/metrics", null).body());
    assertThat(m.find()).as("series for " + category).isTrue();
    return Double.parseDouble(m.group(1));
  }

  private double refusals(String sent) {
    Matcher m =
        Pattern.compile("(?m)^palisade_rate_limit_refusals_total\\{sent=\"" + sent + "\"} (\\S+)$")
            .matcher(http.get("/metrics", null).body());
    assertThat(m.find()).as("series for " + sent).isTrue();
    return Double.parseDouble(m.group(1));
  }

  @Test
  void theTwentyFirstAnonymousAttemptFromOneAddressIs429UntilATokenRefills() {
    double before = hits("auth");
    double delayed = refusals("delayed");
    for (int i = 0; i < 20; i++) {
      Http.Response r = setup("198.51.100.7");
      assertThat(r.status()).as("attempt " + (i + 1)).isEqualTo(409);
      assertThat(r.header("RateLimit-Policy")).isEqualTo("\"auth\";q=20;w=60");
    }
    Http.Response limited = login("198.51.100.7");
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.contentType()).startsWith("application/problem+json");
    assertThat(limited.json().get("code").asText()).isEqualTo("rate-limited");
    assertThat(limited.header("Retry-After")).isEqualTo("3");
    assertThat(limited.header("RateLimit")).isEqualTo("\"auth\";r=0;t=3");
    assertThat(limited.header("RateLimit-Policy")).isEqualTo("\"auth\";q=20;w=60");
    assertThat(limited.body()).doesNotContain("limits");
    assertThat(hits("auth")).isEqualTo(before + 1);
    assertThat(refusals("delayed")).as("held before it was sent").isEqualTo(delayed + 1);

    assertThat(login("198.51.100.8").status()).as("another address").isEqualTo(401);
    server.clock().advance(Duration.ofSeconds(3));
    assertThat(login("198.51.100.7").status()).as("after one refill").isEqualTo(401);
    assertThat(login("198.51.100.7").status()).isEqualTo(429);
  }

  /**
   * Console sign-ins from 30 addresses, each well inside its own limit. The console calls the API
   * over loopback; if those calls were counted too, every console user would share the bucket of
   * 127.0.0.1 and the 21st sign-in of anyone would be refused.
   */
  @Test
  void consoleSignInsAreCountedPerClientNotAgainstTheConsolesOwnLoopbackAddress() {
    for (int i = 0; i < 30; i++) {
      String from = "198.51.100." + (100 + i);
      Http.Response page =
          http.sendAs("GET", "/console/sign-in", null, Map.of("X-Forwarded-For", from));
      String csrf = null;
      List<String> setCookies =
          page.headers().entrySet().stream()
              .filter(e -> e.getKey().equalsIgnoreCase("set-cookie"))
              .flatMap(e -> e.getValue().stream())
              .toList();
      for (String c : setCookies) {
        if (c.startsWith("palisade_csrf=")) {
          csrf = c.substring("palisade_csrf=".length(), c.indexOf(';'));
        }
      }
      assertThat(csrf).as("csrf cookie of attempt " + (i + 1)).isNotNull();
      Http.Response r =
          http.sendAs(
              "POST",
              "/console/sign-in",
              "csrf=" + csrf + "&email=nobody%40example.com&password=not+the+password&org=limits",
              Map.of(
                  "X-Forwarded-For",
                  from,
                  "Content-Type",
                  "application/x-www-form-urlencoded",
                  "Cookie",
                  "palisade_csrf=" + csrf,
                  "Origin",
                  "http://127.0.0.1:" + server.context().getBean(EmbeddedServer.class).getPort()));
      assertThat(r.status()).as("console sign-in " + (i + 1) + ": " + r.body()).isEqualTo(401);
    }
    assertThat(login("198.51.100.99").status())
        .as("a relay header from outside counts nothing: the API still limits by address")
        .isEqualTo(401);
    for (int i = 0; i < 20; i++) {
      http.sendAs(
          "POST",
          "/api/v1/setup",
          "{}",
          Map.of(
              "X-Forwarded-For",
              "198.51.100.98",
              "Content-Type",
              "application/json",
              "X-Palisade-Console-Relay",
              "guessed"));
    }
    assertThat(login("198.51.100.98").status()).isEqualTo(429);
  }

  @Test
  void authenticatedRequestsAreLimitedPerIdentityAndCategory() {
    String a = server.member(admin, "limits", "ver@example.com", "admin");
    String path = "/api/v1/orgs/limits/audit/verify";
    for (int i = 0; i < 10; i++) {
      Http.Response r = http.post(path, "{}", a);
      assertThat(r.status()).as(r.body()).isLessThan(429);
    }
    assertThat(http.post(path, "{}", a).status()).isEqualTo(429);
    assertThat(http.get("/api/v1/orgs/limits/members", a).status())
        .as("reads have a bucket of their own")
        .isEqualTo(200);
    assertThat(http.post(path, "{}", admin).status()).as("another identity").isLessThan(429);
  }

  @Test
  void probesAndMetricsAreNeverLimited() {
    for (int i = 0; i < 700; i++) {
      Http.Response r = http.get("/api/health/live", null);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("RateLimit")).isNull();
    }
    for (int i = 0; i < 30; i++) {
      assertThat(http.get("/api/health/ready", null).header("RateLimit")).isNull();
      assertThat(http.get("/metrics", null).status()).isEqualTo(200);
    }
  }
}
