package dev.palisade.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Bad input on the backup endpoints: a malformed backup id is a 422 naming {@code id}, an unknown
 * one a 404, a body field these endpoints do not take a 400 naming it, a backup that cannot be
 * validated a 409; every answer is problem+json and nothing is written (no backup, no validation,
 * no audit entry, no receipt, no security event).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackupBadInputIT {
  private static final String BASE = BackupRunsIT.BASE;
  private static final String UNKNOWN = "0b7e7a4e-3c1f-4c53-9d3a-6a1f0c2b9e11";
  private static final String FAILED = "5d1c3a0e-8f4b-4e2a-9c7d-1b2a3c4d5e6f";

  private TestServer server;
  private Http http;
  private String admin;

  @BeforeAll
  void start() throws Exception {
    server = TestServer.start();
    http = server.http();
    admin = server.installAdmin();
    try (var c = server.db().connect();
        var s = c.createStatement()) {
      s.execute(
          "insert into backups (id, state, trigger, requested_by, location, started_at, ended_at,"
              + " detail) values ('"
              + FAILED
              + "', 'failed', 'manual', 'system:test', '/nowhere', now(), now(), 'pg_dump failed')");
    }
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private String state() throws Exception {
    StringBuilder b = new StringBuilder();
    for (String table :
        List.of(
            "backups",
            "backup_validations",
            "audit_entries",
            "operation_evidence",
            "security_events")) {
      b.append(table).append('=').append(server.db().count("select count(*) from " + table));
      b.append(' ');
    }
    return b.toString();
  }

  private static void expectProblem(
      Http.Response r, int status, String code, String field, String what) {
    assertThat(r.status()).as(what + " " + r.body()).isEqualTo(status);
    assertThat(r.contentType()).as(what).startsWith("application/problem+json");
    JsonNode p = r.json();
    assertThat(p.get("code").asText()).as(what).isEqualTo(code);
    if (field != null) {
      assertThat(p.get("field").asText()).as(what).isEqualTo(field);
    }
  }

  @Test
  void aMalformedBackupIdIs422NamingIdAndWritesNothing() throws Exception {
    String before = state();
    for (String id : List.of("not-a-uuid", "1", "0b7e7a4e-3c1f-4c53-9d3a-6a1f0c2b9e1z")) {
      expectProblem(http.get(BASE + "/" + id, admin), 422, "invalid-field", "id", "get " + id);
      expectProblem(
          http.post(BASE + "/" + id + "/validate", "", admin),
          422,
          "invalid-field",
          "id",
          "validate " + id);
      expectProblem(
          http.get(BASE + "/" + id + "/validation", admin),
          422,
          "invalid-field",
          "id",
          "validation " + id);
    }
    assertThat(state()).isEqualTo(before);
  }

  @Test
  void anUnknownBackupIdIs404AndWritesNothing() throws Exception {
    String before = state();
    expectProblem(http.get(BASE + "/" + UNKNOWN, admin), 404, "not-found", null, "get");
    expectProblem(
        http.post(BASE + "/" + UNKNOWN + "/validate", "", admin),
        404,
        "not-found",
        null,
        "validate");
    expectProblem(
        http.post(BASE + "/" + UNKNOWN + "/validate", null, admin),
        404,
        "not-found",
        null,
        "validate without a body");
    Http.Response v = http.get(BASE + "/" + UNKNOWN + "/validation", admin);
    expectProblem(v, 404, "not-found", null, "validation");
    assertThat(v.json().get("detail").asText()).isEqualTo("no such backup");
    assertThat(state()).isEqualTo(before);
  }

  @Test
  void aBodyFieldTheEndpointsDoNotTakeIs400NamingItAndWritesNothing() throws Exception {
    String before = state();
    for (String path : List.of(BASE, BASE + "/" + UNKNOWN + "/validate")) {
      expectProblem(
          http.post(path, "{\"surprise\": 1}", admin), 400, "unknown-field", "surprise", path);
      expectProblem(http.post(path, "{\"id\": ", admin), 400, "malformed-request", null, path);
      expectProblem(
          http.send("POST", path, "[1, 2]", admin, Map.of()),
          400,
          "malformed-request",
          null,
          path + " array");
    }
    assertThat(state()).isEqualTo(before);
  }

  @Test
  void validatingABackupThatDidNotCompleteIs409AndWritesNothing() throws Exception {
    String before = state();
    Http.Response r = http.post(BASE + "/" + FAILED + "/validate", "", admin);
    expectProblem(r, 409, "conflict", null, "failed backup");
    assertThat(r.json().get("detail").asText()).contains("failed, not completed");
    assertThat(state()).isEqualTo(before);
    Http.Response never = http.get(BASE + "/" + FAILED + "/validation", admin);
    expectProblem(never, 404, "not-found", null, "never validated");
    assertThat(never.json().get("detail").asText()).isEqualTo("the backup was never validated");
  }
}
