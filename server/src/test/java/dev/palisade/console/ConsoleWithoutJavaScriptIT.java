package dev.palisade.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.testing.Http;
import dev.palisade.testing.Oathtool;
import dev.palisade.testing.TestServer;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The console as curl sees it: pages carry their data in the HTML, every response its security
 * headers, and every state-changing request is refused unless it comes from the console's own page
 * with the CSRF token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleWithoutJavaScriptIT {
  static final String REASON = "</script><script>alert(1)</script>\u2028 moved <b>up</b>";
  private static final Pattern NONCE = Pattern.compile("script-src 'nonce-([A-Za-z0-9+/=]+)'");

  private TestServer server;
  private Http http;
  private String admin;
  private String base;
  private final Map<String, String> cookies = new LinkedHashMap<>();

  @BeforeAll
  void start() {
    server = TestServer.start();
    http = server.http();
    admin = server.installAdmin();
    server.createOrg(admin, "acme");
    server.member(admin, "acme", "bob@example.com", "auditor");
    String bob =
        http.get("/api/v1/orgs/acme/members", admin).json().get("items").get(0).get("id").asText();
    Http.Response r =
        http.patch(
            "/api/v1/orgs/acme/members/" + bob,
            Http.json("role", "admin", "reason", REASON),
            admin);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    Http.Response run = http.post("/api/v1/install/jobs/key-provider-verification/run", "", admin);
    assertThat(run.status()).as(run.body()).isEqualTo(200);
    base = "http://127.0.0.1:" + server.context().getBean(EmbeddedServer.class).getPort();
    signIn("/console/orgs/acme/members");
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private Http.Response send(String method, String path, String body, Map<String, String> headers) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    if (!cookies.isEmpty()) {
      h.put(
          "Cookie",
          String.join(
              "; ",
              cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
    }
    Http.Response r = http.sendAs(method, path, body, h);
    for (String c : setCookies(r)) {
      String pair = c.split(";", 2)[0];
      cookies.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
    }
    return r;
  }

  private static List<String> setCookies(Http.Response r) {
    return r.headers().entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase("set-cookie"))
        .flatMap(e -> e.getValue().stream())
        .toList();
  }

  private Http.Response form(String path, Map<String, String> fields, String origin) {
    StringBuilder b = new StringBuilder();
    fields.forEach(
        (k, v) ->
            b.append(b.length() == 0 ? "" : "&")
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/x-www-form-urlencoded");
    if (origin != null) {
      h.put("Origin", origin);
    }
    return send("POST", path, b.toString(), h);
  }

  private Http.Response signIn(String next) {
    send("GET", "/console/sign-in", null, Map.of());
    return form(
        "/console/sign-in",
        Map.of(
            "csrf",
            cookies.get("palisade_csrf"),
            "email",
            TestServer.ADMIN_EMAIL,
            "password",
            TestServer.PASSWORD,
            "next",
            next),
        base);
  }

  private Http.Response action(String path, String body, Map<String, String> headers) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put("Content-Type", "application/json");
    return send("POST", path, body, h);
  }

  private int keyVersions() {
    return http.get("/api/v1/orgs/acme/keys", admin).json().get("versions").size();
  }

  @Test
  void theSecondFactorStepWorksWithPlainFormPostsAndKeepsTheChallengeOutOfThePage() {
    String mia = server.member(admin, "acme", "mia@example.com", "member");
    String secret = http.post("/api/v1/me/mfa/totp", "", mia).json().get("secret").asText();
    Http.Response confirmed =
        http.post(
            "/api/v1/me/mfa/totp/confirm",
            Http.json("code", Oathtool.totp(secret, server.clock().instant())),
            mia);
    assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
    server.clock().advance(Duration.ofSeconds(30)); // the confirming code's step is used
    Map<String, String> saved = new LinkedHashMap<>(cookies);
    try {
      cookies.remove("palisade_session");
      Http.Response step =
          form(
              "/console/sign-in",
              Map.of(
                  "csrf", cookies.get("palisade_csrf"),
                  "email", "mia@example.com",
                  "password", TestServer.PASSWORD,
                  "org", "acme",
                  "next", ""),
              base);
      assertThat(step.status()).as(step.body()).isEqualTo(200);
      assertThat(step.body()).contains("name=\"code\"").doesNotContain("name=\"password\"");
      assertThat(setCookies(step))
          .anySatisfy(
              c ->
                  assertThat(c)
                      .startsWith("palisade_mfa=")
                      .containsIgnoringCase("HttpOnly")
                      .contains("SameSite=Strict")
                      .contains("Path=/console/sign-in"));
      String challenge = cookies.get("palisade_mfa").split("~")[2];
      assertThat(step.body()).doesNotContain(challenge);
      String right = Oathtool.totp(secret, server.clock().instant());
      Http.Response wrong =
          form(
              "/console/sign-in/mfa",
              Map.of(
                  "csrf",
                  cookies.get("palisade_csrf"),
                  "code",
                  right.equals("000000") ? "111111" : "000000"),
              base);
      assertThat(wrong.status()).isEqualTo(401);
      assertThat(wrong.body()).contains("name=\"code\"").contains("invalid-credentials");
      Http.Response done =
          form(
              "/console/sign-in/mfa",
              Map.of("csrf", cookies.get("palisade_csrf"), "code", right),
              base);
      assertThat(done.status()).as(done.body()).isEqualTo(303);
      assertThat(done.header("Location")).isEqualTo("/console/orgs/acme/settings");
      assertThat(cookies.get("palisade_mfa")).isEmpty();
      assertThat(cookies.get("palisade_session")).startsWith("acme~");
    } finally {
      cookies.clear();
      cookies.putAll(saved);
    }
  }

  @Test
  void pagesCarryTheirDataInTheHtml() {
    Http.Response members = send("GET", "/console/orgs/acme/members", null, Map.of());
    assertThat(members.status()).isEqualTo(200);
    assertThat(members.contentType()).startsWith("text/html");
    assertThat(members.body()).contains("<td>bob@example.com</td>").contains("Members · Org acme");
    Http.Response ops = send("GET", "/console/system/operations", null, Map.of());
    assertThat(ops.body()).contains("key-provider-verification").contains("evaluation");
    Http.Response storage = send("GET", "/console/orgs/acme/storage", null, Map.of());
    assertThat(storage.status()).isEqualTo(200);
    assertThat(storage.body()).contains("Active binding").contains("<code>bundled</code>");
    Http.Response backups = send("GET", "/console/system/backups", null, Map.of());
    assertThat(backups.status()).isEqualTo(200);
    assertThat(backups.body()).contains("database-backup").contains("No backup yet");
    Http.Response syslog = send("GET", "/console/system/syslog", null, Map.of());
    assertThat(syslog.status()).isEqualTo(200);
    assertThat(syslog.body()).contains("No destination yet");
  }

  @Test
  void everyConsoleResponseCarriesTheSecurityHeaders() {
    for (String path :
        List.of("/console/sign-in", "/console/orgs/acme/audit", "/console/system/health")) {
      Http.Response r = send("GET", path, null, Map.of());
      String csp = r.header("Content-Security-Policy");
      assertThat(csp)
          .contains("default-src 'none'")
          .contains("frame-ancestors 'none'")
          .doesNotContain("unsafe-inline")
          .doesNotContain("unsafe-eval");
      Matcher m = NONCE.matcher(csp);
      assertThat(m.find()).isTrue();
      assertThat(r.body()).contains("nonce=\"" + m.group(1) + "\"");
      assertThat(r.body().split("<script").length - 1).isEqualTo(2);
      assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
      assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
      assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    }
  }

  @Test
  void theSessionCookieIsHttpOnlyStrictAndNeverInThePage() {
    Http.Response r = signIn("/console/system/operations");
    assertThat(r.status()).isEqualTo(303);
    String session =
        setCookies(r).stream()
            .filter(c -> c.startsWith("palisade_session="))
            .findFirst()
            .orElseThrow();
    assertThat(session).contains("HTTPOnly").contains("SameSite=Strict").contains("Path=/console");
    String token = cookies.get("palisade_session").split("~", 2)[1];
    assertThat(send("GET", "/console/orgs/acme/audit", null, Map.of()).body())
        .doesNotContain(token);
    assertThat(r.header("Location")).isEqualTo("/console/system/operations");
  }

  @Test
  void serverRenderedTextIsEscapedAndThePropsCannotCloseTheirScript() {
    Http.Response r = send("GET", "/console/orgs/acme/audit?action=role.changed", null, Map.of());
    assertThat(r.body()).contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    String props = r.body().substring(r.body().indexOf("id=\"console-props\""));
    props = props.substring(props.indexOf('>') + 1, props.indexOf("</script>"));
    assertThat(props)
        .doesNotContain("<")
        .doesNotContain("\u2028")
        .contains("\\u003c/script\\u003e")
        .contains("\\u2028");
    JsonNode parsed = readJson(props);
    assertThat(parsed.get("data").get("list").get("items").get(0).get("reason").asText())
        .isEqualTo(REASON);
  }

  private static JsonNode readJson(String s) {
    try {
      return Http.JSON.readTree(s);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aReceiptDownloadsAsTheSignedFile() {
    String id =
        http.get("/api/v1/install/evidence?operation=keys.verify", admin)
            .json()
            .get("items")
            .get(0)
            .get("id")
            .asText();
    Http.Response r = send("GET", "/console/system/evidence/" + id + "/receipt", null, Map.of());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.header("Content-Disposition")).contains("receipt-" + id + ".json");
    assertThat(r.json().get("format").asText()).isEqualTo("palisade-receipt/1");
    assertThat(r.json().get("document").asText()).contains(id);
  }

  @Test
  void aMemberSeesTheirOrganizationAndIsRefusedTheSystemPages() {
    Map<String, String> mine = new LinkedHashMap<>(cookies);
    cookies.clear();
    try {
      send("GET", "/console/sign-in", null, Map.of());
      Http.Response r =
          form(
              "/console/sign-in",
              Map.of(
                  "csrf",
                  cookies.get("palisade_csrf"),
                  "email",
                  "bob@example.com",
                  "password",
                  TestServer.PASSWORD,
                  "org",
                  "acme"),
              base);
      assertThat(r.status()).as(r.body()).isEqualTo(303);
      assertThat(r.header("Location")).isEqualTo("/console/orgs/acme/audit");
      Http.Response audit = send("GET", "/console/orgs/acme/audit", null, Map.of());
      assertThat(audit.status()).isEqualTo(200);
      assertThat(audit.body())
          .contains("role.changed")
          .doesNotContain("/console/system/operations\"");
      Http.Response system = send("GET", "/console/system/operations", null, Map.of());
      assertThat(system.status()).isEqualTo(403);
      assertThat(system.body()).contains("Forbidden");
    } finally {
      cookies.clear();
      cookies.putAll(mine);
    }
  }

  @Test
  void anUnauthenticatedPageRedirectsToSignInAndBack() {
    Http.Response root = http.get("/", null);
    assertThat(root.status()).isEqualTo(303);
    assertThat(root.header("Location")).isEqualTo("/console");
    Http.Response page = http.get("/console/orgs/acme/audit?action=role.", null);
    assertThat(page.status()).isEqualTo(303);
    assertThat(page.header("Location"))
        .isEqualTo("/console/sign-in?next=%2Fconsole%2Forgs%2Facme%2Faudit%3Faction%3Drole.");
  }

  @Test
  void signInNeverRedirectsOffTheConsole() {
    for (String next :
        List.of(
            "https://evil.example/",
            "//evil.example/console",
            "/console/../api/v1/orgs",
            "/\\evil.example")) {
      Http.Response r = signIn(next);
      assertThat(r.status()).isEqualTo(303);
      assertThat(r.header("Location")).as(next).isEqualTo("/console/system/operations");
    }
  }

  /**
   * Sent over a plain socket, so that the request can name the public host a proxy would pass on
   * (the JDK client does not let a test set {@code Host}). On a loopback host the framework's own
   * drive-by protection refuses foreign origins before the console sees them.
   */
  private Http.Response raw(String host, String path, String body, Map<String, String> headers) {
    int port = server.context().getBean(EmbeddedServer.class).getPort();
    StringBuilder req = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
    req.append("Connection: close\r\nContent-Type: application/json\r\n");
    req.append("Cookie: ")
        .append(
            String.join(
                "; ",
                cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()))
        .append("\r\n");
    headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    req.append("Content-Length: ").append(b.length).append("\r\n\r\n").append(body);
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.getOutputStream().write(req.toString().getBytes(StandardCharsets.UTF_8));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int split = answer.indexOf("\r\n\r\n");
      String[] lines = answer.substring(0, split).split("\r\n");
      Map<String, List<String>> h = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        h.put(lines[i].substring(0, colon).trim(), List.of(lines[i].substring(colon + 1).trim()));
      }
      return new Http.Response(
          Integer.parseInt(lines[0].split(" ")[1]), h, answer.substring(split + 4));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aStateChangingRequestFromAnotherOriginIsRefusedAndChangesNothing() {
    int before = keyVersions();
    String token = cookies.get("palisade_csrf");
    String rotate = "/console/orgs/acme/keys/rotate";
    String host = "console.example.com";
    List<Map<String, String>> refused =
        List.of(
            Map.of("X-CSRF-Token", token, "Origin", "https://evil.example"),
            Map.of("X-CSRF-Token", token, "Origin", "https://console.example.com.evil.example"),
            Map.of("X-CSRF-Token", token),
            Map.of("X-CSRF-Token", token, "Origin", "null", "Sec-Fetch-Site", "cross-site"),
            Map.of("Origin", "https://" + host),
            Map.of("X-CSRF-Token", token.substring(1) + "A", "Origin", "https://" + host));
    for (Map<String, String> headers : refused) {
      Http.Response r = raw(host, rotate, "{}", headers);
      assertThat(r.status()).as(headers.toString()).isEqualTo(403);
      assertThat(r.contentType()).as(headers.toString()).startsWith("application/problem+json");
      assertThat(r.json().get("code").asText()).isEqualTo("forbidden");
    }
    assertThat(keyVersions()).isEqualTo(before);
    Http.Response ok =
        raw(host, rotate, "{}", Map.of("X-CSRF-Token", token, "Origin", "https://" + host));
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    assertThat(keyVersions()).isEqualTo(before + 1);
  }

  @Test
  void systemActionsAnswerWhatTheApiAnswers() {
    Map<String, String> ok = Map.of("X-CSRF-Token", cookies.get("palisade_csrf"), "Origin", base);
    Http.Response verify = action("/console/system/audit/verify", "{}", ok);
    assertThat(verify.status()).as(verify.body()).isEqualTo(200);
    assertThat(verify.json().get("status").asText()).isEqualTo("intact");
    Http.Response created =
        action("/console/system/organizations", Http.json("slug", "beta-org", "name", "Beta"), ok);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(http.get("/api/v1/orgs/beta-org", admin).json().get("name").asText())
        .isEqualTo("Beta");
    Http.Response license = action("/console/system/license", "{\"keyId\":\"nope\"}", ok);
    assertThat(license.status()).isBetween(400, 422);
    assertThat(license.contentType()).startsWith("application/problem+json");
    assertThat(license.json().get("field").asText()).isNotBlank();
    assertThat(http.get("/api/v1/install/license", admin).json().get("state").asText())
        .isEqualTo("evaluation");
  }

  @Test
  void badInputIsAProblemNamingTheField() {
    Map<String, String> ok = Map.of("X-CSRF-Token", cookies.get("palisade_csrf"), "Origin", base);
    assertField(
        action(
            "/console/orgs/acme/members/not-an-id/role",
            "{\"role\":\"admin\",\"reason\":\"x\"}",
            ok),
        422,
        "id");
    assertField(action("/console/system/jobs/No_Such%20Job/run", "{}", ok), 422, "name");
    assertField(
        action("/console/orgs/acme/members/not-an-id/mfa-reset", "{\"reason\":\"x\"}", ok),
        422,
        "id");
    assertField(action("/console/orgs/acme/invitations/not-an-id/revoke", "{}", ok), 422, "id");
    assertField(
        action("/console/system/admins/not-an-id/deactivate", "{\"reason\":\"x\"}", ok), 422, "id");
    assertField(
        action("/console/orgs/acme/storage/bindings/not-an-id/validate", "{}", ok), 422, "id");
    assertField(
        action("/console/orgs/acme/storage/migrations/not-an-id/cancel", "{}", ok), 422, "id");
    assertField(action("/console/system/backups/not-an-id/validate", "{}", ok), 422, "id");
    assertField(
        action("/console/orgs/acme/storage/bindings", "{\"settings\":{}}", ok), 422, "type");
    assertField(
        action(
            "/console/system/syslog",
            "{\"host\":\"127.0.0.1\",\"port\":0,\"transport\":\"tcp\"}",
            ok),
        422,
        "port");
    assertField(action("/console/password-reset", "\"token\"", ok), 400, "body");
    assertField(
        action("/console/password-reset", "{\"token\":\"pwr_x\",\"newPassword\":\"short\"}", ok),
        422,
        "newPassword");
    assertField(
        action("/console/account/mfa/confirm", "{\"code\":\"" + "1".repeat(40) + "\"}", ok),
        422,
        "code");
    assertField(action("/console/orgs/acme/members/invite", "[1,2]", ok), 400, "body");
    assertField(
        action(
            "/console/orgs/acme/members/invite",
            "{\"email\":\"x@example.com\",\"role\":\"boss\"}",
            ok),
        422,
        "role");
    assertField(action("/console/orgs/acme/settings", "{\"colour\":\"red\"}", ok), 400, "colour");
    assertField(
        form(
            "/console/orgs/acme/audit/export",
            Map.of("csrf", cookies.get("palisade_csrf"), "format", "xml"),
            base),
        422,
        "format");
    Http.Response page = send("GET", "/console/orgs/acme/audit?from=yesterday", null, Map.of());
    assertThat(page.status()).isEqualTo(422);
    assertThat(page.body()).contains("Invalid field").contains("from");
  }

  private static void assertField(Http.Response r, int status, String field) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("field").asText()).isEqualTo(field);
  }
}
