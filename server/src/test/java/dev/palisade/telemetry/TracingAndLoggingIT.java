package dev.palisade.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.testing.Http;
import dev.palisade.testing.LogCapture;
import dev.palisade.testing.TestServer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TracingAndLoggingIT {
  private TestServer server;
  private Http http;
  private String admin;
  private LogCapture logs;

  @BeforeAll
  void start() {
    logs = LogCapture.json();
    server = TestServer.start(Map.of("palisade.test.in-memory-spans", "true"));
    http = server.http();
    admin = server.installAdmin();
  }

  @AfterAll
  void stop() throws Exception {
    logs.close();
    server.close();
  }

  private List<JsonNode> logLines() throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : logs.text().split("\n")) {
      if (!line.isBlank()) {
        out.add(Http.JSON.readTree(line));
      }
    }
    return out;
  }

  @Test
  void honoursAndEchoesTheClientsRequestIdAndLogsStateChangesWithContext() throws Exception {
    Http.Response r =
        http.send(
            "POST",
            "/api/v1/orgs",
            Http.json("slug", "logged", "name", "Logged"),
            admin,
            Map.of("X-Request-ID", "req-abc-123"));
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.header("X-Request-ID")).isEqualTo("req-abc-123");
    JsonNode line =
        logLines().stream()
            .filter(l -> l.path("message").asText().startsWith("organization logged created"))
            .findFirst()
            .orElseThrow();
    assertThat(line.get("request_id").asText()).isEqualTo("req-abc-123");
    assertThat(line.get("actor").asText()).startsWith("install-admin:");
    assertThat(line.get("trace_id").asText()).matches("[0-9a-f]{32}");
    assertThat(line.get("level").asText()).isEqualTo("INFO");
    assertThat(line.get("timestamp").asText()).endsWith("Z");
  }

  @Test
  void replacesAnUnsafeRequestIdAndGeneratesOneWhenMissing() {
    Http.Response bad =
        http.send("GET", "/api/health/live", null, null, Map.of("X-Request-ID", "a b\"<script>"));
    assertThat(bad.header("X-Request-ID")).matches("[0-9a-f-]{36}");
    Http.Response none = http.get("/api/health/live", null);
    assertThat(none.header("X-Request-ID")).matches("[0-9a-f-]{36}");
  }

  @Test
  void routineRequestsAreNotLoggedAndSecretsNeverAre() throws Exception {
    for (int i = 0; i < 20; i++) {
      Map<String, String> id = Map.of(RequestContextFilter.HEADER, "routine-probe-" + i);
      http.send("GET", "/api/health/live", null, null, id);
      http.send("GET", "/api/health/ready", null, null, id);
    }
    // other work of the server (checkpoints, renderer warm-up) may log meanwhile; the probes not
    assertThat(logs.text()).doesNotContain("routine-probe-");
    http.post(
        "/api/v1/auth/login",
        Http.json("email", TestServer.ADMIN_EMAIL, "password", "Sup3r-secret-guess"),
        null);
    String all = logs.text();
    assertThat(all).doesNotContain("Sup3r-secret-guess");
    assertThat(all).doesNotContain(TestServer.PASSWORD);
    assertThat(all).doesNotContain(admin);
  }

  @Test
  void exportsAServerSpanPerRequestNamedByRouteAndJoinsTheCallersTrace() {
    InMemorySpanExporter spans = server.context().getBean(InMemorySpanExporter.class);
    spans.reset();
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    Http.Response r =
        http.send(
            "GET",
            "/api/v1/orgs",
            null,
            admin,
            Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));
    assertThat(r.status()).isEqualTo(200);
    SpanData span =
        spans.getFinishedSpanItems().stream()
            .filter(s -> s.getKind() == SpanKind.SERVER)
            .findFirst()
            .orElseThrow();
    assertThat(span.getName()).isEqualTo("GET /api/v1/orgs");
    assertThat(span.getTraceId()).isEqualTo(traceId);
    assertThat(span.getParentSpanContext().getSpanId()).isEqualTo("00f067aa0ba902b7");
  }

  @Test
  void probesAndScrapesAreNotTraced() {
    InMemorySpanExporter spans = server.context().getBean(InMemorySpanExporter.class);
    spans.reset();
    http.get("/api/health/live", null);
    http.get("/api/health/ready", null);
    http.get("/metrics", null);
    http.get("/api/v1/orgs", admin);
    List<SpanData> finished = spans.getFinishedSpanItems();
    List<SpanData> roots =
        finished.stream().filter(s -> !s.getParentSpanContext().isValid()).toList();
    assertThat(roots).extracting(SpanData::getName).containsExactly("GET /api/v1/orgs");
    // the request's own statements are its children; the probes and the scrape left no span
    assertThat(finished)
        .allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(roots.get(0).getTraceId()));
  }

  @Test
  void workDoneInsideAnAuditedChangeLogsWithTheRequestsContext() throws Exception {
    server.createOrg(admin, "ctx");
    String owner = server.member(admin, "ctx", "owner@example.com", "admin");
    server.member(owner, "ctx", "kim@example.com", "member");
    String kim = null;
    for (JsonNode m : http.get("/api/v1/orgs/ctx/members", owner).json().get("items")) {
      if (m.get("email").asText().equals("kim@example.com")) {
        kim = m.get("id").asText();
      }
    }
    Http.Response r =
        http.send(
            "PATCH",
            "/api/v1/orgs/ctx/members/" + kim,
            Http.json("role", "auditor", "reason", "needs the audit log"),
            owner,
            Map.of("X-Request-ID", "req-role-77"));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    String orgId = http.get("/api/v1/orgs/ctx", owner).json().get("id").asText();
    String logged = "member " + kim + " of org";
    JsonNode line =
        logLines().stream()
            .filter(l -> l.path("message").asText().startsWith(logged))
            .findFirst()
            .orElseThrow();
    assertThat(line.get("thread").asText()).startsWith("palisade-audit-writer-");
    assertThat(line.get("request_id").asText()).isEqualTo("req-role-77");
    assertThat(line.get("org_id").asText()).isEqualTo(orgId);
    assertThat(line.get("actor").asText()).startsWith("member:");
  }
}
