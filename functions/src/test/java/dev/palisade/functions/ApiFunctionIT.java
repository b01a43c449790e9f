package dev.palisade.functions;

import static dev.palisade.functions.FunctionFixture.EMAIL;
import static dev.palisade.functions.FunctionFixture.PASSWORD;
import static dev.palisade.functions.FunctionFixture.event;
import static dev.palisade.functions.FunctionFixture.invoke;
import static dev.palisade.functions.FunctionFixture.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.jobs.JobScheduler;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The API function invoked in-process with API Gateway HTTP API (payload 2.0) events, as Lambda's
 * runtime would: read by its serializer, answered by the platform's own controllers on a real
 * PostgreSQL, and the answer written back as the JSON API Gateway receives.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiFunctionIT {
  private static final String PROBLEM = "application/problem+json";

  private FunctionFixture fixture;
  private ApiFunction function;
  private String admin;

  @BeforeAll
  void start() {
    fixture = new FunctionFixture(Map.of());
    function = new ApiFunction(fixture.context());
    admin = fixture.completeSetup(function);
  }

  @AfterAll
  void stop() throws Exception {
    fixture.close();
  }

  private static String token(JsonNode answer) {
    assertThat(answer.get("statusCode").asInt()).as(answer.toString()).isEqualTo(200);
    return body(answer).get("accessToken").asText();
  }

  private static JsonNode body(JsonNode answer) {
    try {
      return FunctionFixture.JSON.readTree(answer.get("body").asText());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A header of the answer, whichever of the two header maps API Gateway reads it from. */
  private static Optional<String> header(JsonNode answer, String name) {
    for (String field : new String[] {"headers", "multiValueHeaders"}) {
      JsonNode headers = answer.path(field);
      var names = headers.fieldNames();
      while (names.hasNext()) {
        String n = names.next();
        if (n.equalsIgnoreCase(name)) {
          JsonNode v = headers.get(n);
          return Optional.of(v.isArray() ? v.get(0).asText() : v.asText());
        }
      }
    }
    return Optional.empty();
  }

  private static List<String> cookies(JsonNode answer) {
    List<String> out = new ArrayList<>();
    answer.path("cookies").forEach(c -> out.add(c.asText()));
    return out;
  }

  @Test
  void runsNoInProcessScheduler() {
    assertThat(fixture.context().findBean(JobScheduler.class)).isEmpty();
  }

  @Test
  void answersTheLivenessProbe() {
    JsonNode r = invoke(function, event("health-live.json", Map.of()));

    assertThat(r.get("statusCode").asInt()).isEqualTo(200);
    assertThat(header(r, "Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(r.path("isBase64Encoded").asBoolean()).isFalse();
    assertThat(body(r)).isEqualTo(FunctionFixture.JSON.createObjectNode().put("status", "ok"));
  }

  @Test
  void signsInWithTheApiAndRefusesAWrongPassword() {
    assertThat(token(invoke(function, signIn()))).isNotBlank();

    JsonNode wrong =
        invoke(function, event("sign-in.json", Map.of("email", EMAIL, "password", "wrong one!")));
    assertThat(wrong.get("statusCode").asInt()).isEqualTo(401);
    assertThat(header(wrong, "Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith(PROBLEM));
    assertThat(wrong.get("body").asText()).doesNotContain("wrong one!");
  }

  @Test
  void answersAnOrganizationsAuditQueryForABearerToken() {
    JsonNode created =
        invoke(function, event("create-org.json", Map.of("token", admin, "slug", "acme")));
    assertThat(created.get("statusCode").asInt()).as(created.toString()).isEqualTo(201);

    JsonNode r =
        invoke(function, event("org-audit-query.json", Map.of("token", admin, "slug", "acme")));

    assertThat(r.get("statusCode").asInt()).as(r.toString()).isEqualTo(200);
    JsonNode items = body(r).get("items");
    assertThat(items.size()).isBetween(1, 10);
    items.forEach(e -> assertThat(e.get("action").asText()).isNotBlank());

    JsonNode anonymous =
        invoke(
            function,
            event("org-audit-query.json", Map.of("token", "not-a-token", "slug", "acme")));
    assertThat(anonymous.get("statusCode").asInt()).isEqualTo(401);
  }

  @Test
  void answersAnUnknownPathWithAProblem() {
    JsonNode r = invoke(function, event("not-found.json", Map.of()));

    assertThat(r.get("statusCode").asInt()).isEqualTo(404);
    assertThat(header(r, "Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith(PROBLEM));
    JsonNode problem = body(r);
    assertThat(problem.get("status").asInt()).isEqualTo(404);
    assertThat(problem.get("type").asText()).endsWith("not-found");
  }

  @Test
  void answersAMalformedBodyWithAProblemAndSignsNobodyIn() {
    JsonNode r = invoke(function, event("malformed-body.json", Map.of()));

    assertThat(r.get("statusCode").asInt()).isEqualTo(400);
    assertThat(header(r, "Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith(PROBLEM));
    JsonNode problem = body(r);
    assertThat(problem.get("type").asText()).endsWith("malformed-request");
    assertThat(r.path("cookies").size()).isZero();
  }

  @Test
  void signsIntoTheConsoleWithSecureCookies() {
    JsonNode form = invoke(function, event("console-sign-in-form.json", Map.of()));
    assertThat(form.get("statusCode").asInt()).as(form.toString()).isEqualTo(200);
    assertThat(header(form, "Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    String csrfCookie =
        cookies(form).stream()
            .filter(c -> c.startsWith("palisade_csrf="))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no CSRF cookie: " + form));
    assertThat(csrfCookie)
        .containsIgnoringCase("HttpOnly")
        .contains("Secure")
        .containsIgnoringCase("SameSite=Strict");
    String csrf = csrfCookie.substring("palisade_csrf=".length(), csrfCookie.indexOf(';'));

    JsonNode signedIn =
        invoke(
            function,
            event(
                "console-sign-in.json",
                Map.of(
                    "csrf",
                    csrf,
                    "cookieCsrf",
                    csrf,
                    "emailForm",
                    URLEncoder.encode(EMAIL, StandardCharsets.UTF_8),
                    "passwordForm",
                    URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8))));

    assertThat(signedIn.get("statusCode").asInt()).as(signedIn.toString()).isEqualTo(303);
    List<String> set = cookies(signedIn);
    assertThat(set)
        .as(signedIn.toString())
        .anySatisfy(
            c ->
                assertThat(c)
                    .startsWith("palisade_session=")
                    .containsIgnoringCase("HttpOnly")
                    .contains("Secure"));
    assertThat(signedIn.toString()).doesNotContain(PASSWORD);
  }

  @Test
  void aRefusedConsoleSignInNeverEchoesThePassword() {
    JsonNode refused =
        invoke(
            function,
            event(
                "console-sign-in.json",
                Map.of(
                    "csrf", "A".repeat(43),
                    "cookieCsrf", "B".repeat(43),
                    "emailForm", URLEncoder.encode(EMAIL, StandardCharsets.UTF_8),
                    "passwordForm", URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8))));

    assertThat(refused.get("statusCode").asInt()).isEqualTo(403);
    assertThat(refused.get("body").asText()).contains("CSRF token").doesNotContain(PASSWORD);
  }

  @Test
  void uploadsABinaryFileFromABase64BodyAndDownloadsItBack() {
    invoke(function, event("create-org.json", Map.of("token", admin, "slug", "uploads")));
    byte[] content = new byte[5000];
    new SecureRandom().nextBytes(content);
    Map<String, String> file =
        Map.of(
            "token",
            admin,
            "slug",
            "uploads",
            "key",
            "scan.bin",
            "length",
            Integer.toString(content.length),
            "content",
            Base64.getEncoder().encodeToString(content));

    JsonNode put = invoke(function, event("file-upload.json", file));

    assertThat(put.get("statusCode").asInt()).as(put.toString()).isEqualTo(200);
    assertThat(body(put).get("size").asLong()).isEqualTo(content.length);
    JsonNode get = invoke(function, event("file-download.json", file));
    assertThat(get.get("statusCode").asInt()).as(get.toString()).isEqualTo(200);
    assertThat(get.get("isBase64Encoded").asBoolean()).isTrue();
    assertThat(Base64.getDecoder().decode(get.get("body").asText())).isEqualTo(content);
    assertThat(header(get, "Content-Type")).hasValue("application/octet-stream");
    assertThat(header(get, "X-Checksum-Sha256")).isPresent();
  }
}
