package dev.palisade.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.keys.vault.VaultTransitProtocolStub;
import dev.palisade.testing.Eventually;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Statements, key provider operations and outbound calls are spans of the request that caused them,
 * with the documented attributes and never a bound value; an outbound HTTP call sends the trace on
 * to its peer; server spans say who called, in which organization, and what kind of error ended the
 * request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlatformSpansIT {
  private static final String VAULT_TOKEN = "hvs.span-test-token-8812";
  private static final Duration WITHIN = Duration.ofSeconds(20);

  private VaultTransitProtocolStub vault;
  private TestServer server;
  private Http http;
  private String admin;
  private String orgId;
  private String orgAdmin;
  private InMemorySpanExporter spans;

  @BeforeAll
  void start() throws Exception {
    vault = VaultTransitProtocolStub.start(VAULT_TOKEN);
    vault.createKey("traced-kek");
    server =
        TestServer.start(
            Map.of("palisade.test.in-memory-spans", "true", "palisade.net.allow", "127.0.0.1/32"));
    http = server.http();
    admin = server.installAdmin();
    orgId = server.createOrg(admin, "traced");
    orgAdmin = server.member(admin, "traced", "keys@example.com", "admin");
    spans = server.context().getBean(InMemorySpanExporter.class);
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
    vault.close();
  }

  private static String attr(SpanData span, String key) {
    return span.getAttributes().get(AttributeKey.stringKey(key));
  }

  /** The finished server span of the trace {@code traceId}, once it has ended. */
  private SpanData serverSpan(String traceId) throws Exception {
    Eventually.until(WITHIN, () -> find(traceId, SpanKind.SERVER).isPresent());
    return find(traceId, SpanKind.SERVER).orElseThrow();
  }

  private Optional<SpanData> find(String traceId, SpanKind kind) {
    return spans.getFinishedSpanItems().stream()
        .filter(s -> s.getTraceId().equals(traceId) && s.getKind() == kind)
        .findFirst();
  }

  private List<SpanData> inTrace(String traceId) {
    return spans.getFinishedSpanItems().stream()
        .filter(s -> s.getTraceId().equals(traceId))
        .toList();
  }

  private static Map<String, String> parent(String traceId) {
    return Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");
  }

  @Test
  void everyStatementIsAClientSpanWithDatabaseAndOperationAndNoBoundValue() throws Exception {
    String traceId = "5bf92f3577b34da6a3ce929d0e0e4701";
    String probe = "span-probe-7731@example.com";
    Http.Response r =
        http.send(
            "POST",
            "/api/v1/auth/login",
            Http.json("email", probe, "password", "Not-the-password-1"),
            null,
            parent(traceId));
    assertThat(r.status()).isEqualTo(401);
    SpanData root = serverSpan(traceId);
    assertThat(attr(root, "palisade.error.class")).isEqualTo("auth");
    List<SpanData> statements =
        inTrace(traceId).stream().filter(s -> attr(s, "db.system") != null).toList();
    assertThat(statements).isNotEmpty();
    assertThat(statements)
        .allSatisfy(
            s -> {
              assertThat(s.getKind()).isEqualTo(SpanKind.CLIENT);
              assertThat(attr(s, "db.system")).isEqualTo("postgresql");
              assertThat(attr(s, "db.namespace")).isEqualTo(server.db().name());
              assertThat(attr(s, "db.operation.name"))
                  .isIn(Set.of("SELECT", "INSERT", "UPDATE", "WITH", "DELETE"));
              assertThat(s.getName())
                  .isEqualTo(attr(s, "db.operation.name") + " " + server.db().name());
              assertThat(s.getAttributes().asMap().keySet())
                  .extracting(AttributeKey::getKey)
                  .doesNotContain("db.query.text", "db.statement");
            });
    assertThat(inTrace(traceId).toString())
        .doesNotContain(probe)
        .doesNotContain("Not-the-password");
  }

  @Test
  void keyOperationsAndTheirVaultCallsAreSpansAndVaultReceivesTheTraceparent() throws Exception {
    Http.Response moved =
        http.send(
            "PUT",
            "/api/v1/orgs/traced/keys/provider",
            Http.json(
                "type",
                "vault",
                "settings",
                Map.of("address", vault.address(), "token", VAULT_TOKEN, "keyName", "traced-kek")),
            orgAdmin,
            Map.of());
    assertThat(moved.status()).as(moved.body()).isEqualTo(200);
    String traceId = "5bf92f3577b34da6a3ce929d0e0e4702";
    Http.Response verified =
        http.send("POST", "/api/v1/orgs/traced/keys/verify", "{}", orgAdmin, parent(traceId));
    assertThat(verified.status()).as(verified.body()).isEqualTo(200);
    SpanData root = serverSpan(traceId);
    assertThat(attr(root, "palisade.org_id")).isEqualTo(orgId);
    assertThat(attr(root, "palisade.actor.type")).isEqualTo("member");
    assertThat(root.getAttributes().get(AttributeKey.stringKey("palisade.error.class"))).isNull();

    SpanData key =
        inTrace(traceId).stream()
            .filter(s -> "verify".equals(attr(s, "palisade.key.operation")))
            .findFirst()
            .orElseThrow();
    assertThat(attr(key, "palisade.key.provider")).isEqualTo("vault");
    assertThat(key.getName()).isEqualTo("key verify");
    List<SpanData> calls =
        inTrace(traceId).stream()
            .filter(s -> "vault".equals(attr(s, "palisade.outbound.client")))
            .toList();
    assertThat(calls).isNotEmpty();
    assertThat(calls)
        .allSatisfy(
            c -> {
              assertThat(c.getKind()).isEqualTo(SpanKind.CLIENT);
              assertThat(c.getName()).isEqualTo("vault POST");
              assertThat(attr(c, "server.address")).isEqualTo("127.0.0.1");
              assertThat(c.getParentSpanId()).isEqualTo(key.getSpanId());
            });
    List<String> sent =
        calls.stream().map(c -> "00-" + traceId + "-" + c.getSpanId() + "-01").toList();
    assertThat(vault.traceparents()).containsAll(sent);
    assertThat(inTrace(traceId).toString()).doesNotContain(VAULT_TOKEN);
  }

  @Test
  void serverSpansClassifyRefusedInputAsValidationAndCarryTheInstallAdmin() throws Exception {
    String traceId = "5bf92f3577b34da6a3ce929d0e0e4703";
    Http.Response bad =
        http.send("POST", "/api/v1/orgs", Http.json("slug", "Not A Slug!"), admin, parent(traceId));
    assertThat(bad.status()).isBetween(400, 422);
    SpanData root = serverSpan(traceId);
    assertThat(attr(root, "palisade.error.class")).isEqualTo("validation");
    assertThat(attr(root, "palisade.actor.type")).isEqualTo("install-admin");
  }
}
