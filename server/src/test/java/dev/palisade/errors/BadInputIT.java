package dev.palisade.errors;

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

/** Sends malformed, mistyped, unknown and oversized input to every write endpoint. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {
  private TestServer server;
  private Http http;
  private String admin;
  private String memberId;
  private String adminId;

  private static final String ANY_ID = "0b7e7a4e-3c1f-4c53-9d3a-6a1f0c2b9e11";

  private record Write(String method, String path, String field) {}

  private List<Write> writes;

  @BeforeAll
  void start() {
    server = TestServer.start();
    http = server.http();
    admin = server.installAdmin();
    server.createOrg(admin, "input");
    server.member(admin, "input", "m@example.com", "member");
    memberId = http.get("/api/v1/orgs/input/members", admin).json().at("/items/0/id").asText();
    adminId = http.get("/api/v1/install/admins", admin).json().at("/items/0/id").asText();
    String installAdmin = "/api/v1/install/admins/" + adminId;
    writes =
        List.of(
            new Write("POST", "/api/v1/setup", "email"),
            new Write("POST", "/api/v1/auth/login", "email"),
            new Write("POST", "/api/v1/orgs", "slug"),
            new Write("PATCH", "/api/v1/orgs/input", "name"),
            new Write("POST", "/api/v1/orgs/input/members", "email"),
            new Write("PATCH", "/api/v1/orgs/input/members/" + memberId, "role"),
            new Write("POST", "/api/v1/orgs/input/members/" + memberId + "/deactivate", "reason"),
            new Write("POST", "/api/v1/orgs/input/members/" + memberId + "/reactivate", "reason"),
            new Write("POST", "/api/v1/invitations/accept", "token"),
            new Write("PUT", "/api/v1/orgs/input/keys/provider", "type"),
            new Write("POST", "/api/v1/orgs/input/storage/bindings", "type"),
            new Write(
                "POST", "/api/v1/orgs/input/storage/bindings/" + ANY_ID + "/activate", "reason"),
            new Write("PUT", "/api/v1/install/security-events/retention", "type"),
            new Write("PUT", "/api/v1/install/license", "keyId"),
            new Write("PUT", "/api/v1/install/syslog", "host"),
            new Write("PUT", "/api/v1/orgs/input/syslog", "host"),
            new Write("POST", "/api/v1/auth/login/mfa", "challenge"),
            new Write("POST", "/api/v1/me/mfa/totp/confirm", "code"),
            new Write("DELETE", "/api/v1/me/mfa/totp", "code"),
            new Write("DELETE", "/api/v1/orgs/input/members/" + memberId + "/mfa", "reason"),
            new Write("DELETE", "/api/v1/install/admins/" + ANY_ID + "/mfa", "reason"),
            new Write("POST", "/api/v1/me/password", "newPassword"),
            new Write(
                "POST", "/api/v1/orgs/input/members/" + memberId + "/password-reset", "reason"),
            new Write("POST", installAdmin + "/password-reset", "reason"),
            new Write("POST", "/api/v1/password-reset", "token"),
            new Write("POST", "/api/v1/install/admins", "email"),
            new Write("POST", "/api/v1/install/admins/invitations/accept", "token"),
            new Write("POST", installAdmin + "/deactivate", "reason"),
            new Write("POST", installAdmin + "/reactivate", "reason"));
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private String state() throws Exception {
    String db = server.db().tenantPrefix() + "input";
    StringBuilder b = new StringBuilder();
    b.append(server.db().count("select count(*) from organizations")).append('|');
    b.append(server.db().count("select count(*) from install_admins")).append('|');
    b.append(server.db().count("select extract(epoch from max(updated_at))*1e6 from organizations"))
        .append('|');
    b.append(server.db().count("select count(*) from security_event_retention")).append('|');
    b.append(server.db().count("select count(*) from licenses")).append('|');
    b.append(server.db().count("select count(*) from syslog_destination")).append('|');
    b.append(server.db().count("select count(*) from operation_evidence")).append('|');
    b.append(server.db().count("select count(*) from audit_entries")).append('|');
    b.append(server.db().count("select count(*) from account_mfa")).append('|');
    b.append(server.db().count("select count(*) from mfa_challenges")).append('|');
    b.append(server.db().count("select count(*) from password_resets")).append('|');
    b.append(server.db().count("select count(*) from install_admin_invitations")).append('|');
    b.append(server.db().count("select count(*) from revoked_tokens")).append('|');
    b.append(
            server
                .db()
                .count(
                    "select sum(token_epoch * 1000 + failed_attempts) from install_admins"
                        + " where status = 'active'"))
        .append('|');
    try (var c = server.db().connect(db);
        var rs =
            c.createStatement()
                .executeQuery(
                    "select (select count(*) from members), (select count(*) from invitations),"
                        + " (select string_agg(role || status || updated_at::text, ',') from members)"
                        + " || (select count(*) from audit_entries)"
                        + " || (select count(*) from key_provider)"
                        + " || (select count(*) from syslog_destination)"
                        + " || (select count(*) from account_mfa)"
                        + " || (select count(*) from password_resets)"
                        + " || (select count(*) from revoked_tokens)"
                        + " || (select sum(token_epoch * 1000 + failed_attempts) from members)"
                        + " || (select coalesce(string_agg(kek_version, ','), '') from keyring_versions)")) {
      rs.next();
      b.append(rs.getLong(1)).append('|').append(rs.getLong(2)).append('|').append(rs.getString(3));
    }
    return b.toString();
  }

  private void expectProblem(Http.Response r, int status, String code, String field, String what) {
    assertThat(r.status()).as(what + " " + r.body()).isEqualTo(status);
    assertThat(r.contentType()).as(what).startsWith("application/problem+json");
    JsonNode p = r.json();
    assertThat(p.get("code").asText()).as(what).isEqualTo(code);
    assertThat(p.get("type").asText()).as(what).endsWith("/" + code);
    if (field != null) {
      assertThat(p.get("field").asText()).as(what).isEqualTo(field);
    }
  }

  @Test
  void malformedJsonIs400AndWritesNothing() throws Exception {
    String before = state();
    for (Write w : writes) {
      Http.Response r = http.send(w.method(), w.path(), "{\"email\": ", admin, Map.of());
      expectProblem(r, 400, "malformed-request", null, w.path());
    }
    assertThat(state()).isEqualTo(before);
  }

  @Test
  void anUnknownFieldIs400NamingItAndWritesNothing() throws Exception {
    String before = state();
    for (Write w : writes) {
      Http.Response r = http.send(w.method(), w.path(), "{\"surprise\": 1}", admin, Map.of());
      expectProblem(r, 400, "unknown-field", "surprise", w.path());
    }
    assertThat(state()).isEqualTo(before);
  }

  @Test
  void aValueOfTheWrongTypeIs422NamingTheFieldAndWritesNothing() throws Exception {
    String before = state();
    for (Write w : writes) {
      Http.Response r =
          http.send(
              w.method(), w.path(), "{\"" + w.field() + "\": {\"nested\": true}}", admin, Map.of());
      expectProblem(r, 422, "invalid-field", w.field(), w.path());
      Http.Response n =
          http.send(w.method(), w.path(), "{\"" + w.field() + "\": 42}", admin, Map.of());
      expectProblem(n, 422, "invalid-field", w.field(), w.path() + " number");
    }
    assertThat(state()).isEqualTo(before);
  }

  @Test
  void anOversizedBodyIs413AndWritesNothing() throws Exception {
    String before = state();
    String huge = "{\"name\": \"" + "x".repeat(1_100_000) + "\"}";
    for (Write w : writes) {
      Http.Response r = http.send(w.method(), w.path(), huge, admin, Map.of());
      expectProblem(r, 413, "payload-too-large", null, w.path());
    }
    assertThat(state()).isEqualTo(before);
  }

  @Test
  void invalidValuesAre422NamingTheField() throws Exception {
    String before = state();
    expectProblem(
        http.post("/api/v1/orgs", Http.json("slug", "ok-slug", "name", " "), admin),
        422,
        "invalid-field",
        "name",
        "blank name");
    expectProblem(
        http.post("/api/v1/orgs", Http.json("slug", "ok-slug", "name", "n", "locale", "!!"), admin),
        422,
        "invalid-field",
        "locale",
        "locale");
    expectProblem(
        http.post(
            "/api/v1/orgs/input/members",
            Http.json("email", "not-an-email", "role", "member"),
            admin),
        422,
        "invalid-field",
        "email",
        "email");
    expectProblem(
        http.post(
            "/api/v1/orgs/input/members",
            Http.json("email", "a@example.com", "role", "owner"),
            admin),
        422,
        "invalid-field",
        "role",
        "role");
    expectProblem(
        http.patch(
            "/api/v1/orgs/input/members/not-a-uuid",
            Http.json("role", "admin", "reason", "x"),
            admin),
        422,
        "invalid-field",
        "id",
        "id");
    expectProblem(
        http.send("DELETE", "/api/v1/orgs/input/invitations/not-a-uuid", null, admin, Map.of()),
        422,
        "invalid-field",
        "id",
        "id");
    expectProblem(
        http.get("/api/v1/orgs/input/invitations?limit=0", admin),
        422,
        "invalid-field",
        "limit",
        "limit");
    expectProblem(
        http.get("/api/v1/orgs/input/invitations?cursor=%25%25", admin),
        422,
        "invalid-field",
        "cursor",
        "cursor");
    expectProblem(
        http.post(
            "/api/v1/invitations/accept", Http.json("token", "inv_x", "password", "short"), null),
        422,
        "invalid-field",
        "password",
        "password");
    expectProblem(
        http.post(
            "/api/v1/password-reset",
            Http.json("token", "pwr_x", "newPassword", "qwerty123456"),
            null),
        422,
        "invalid-field",
        "newPassword",
        "common password");
    expectProblem(
        http.post(
            "/api/v1/me/password",
            Http.json("currentPassword", TestServer.PASSWORD, "newPassword", "1qaz2wsx3edc"),
            admin),
        422,
        "invalid-field",
        "newPassword",
        "common new password");
    expectProblem(
        http.post("/api/v1/install/admins/not-a-uuid/deactivate", Http.json("reason", "r"), admin),
        422,
        "invalid-field",
        "id",
        "install admin id");
    expectProblem(
        http.get("/api/v1/install/admins?limit=201", admin),
        422,
        "invalid-field",
        "limit",
        "limit");
    expectProblem(
        http.get("/api/v1/orgs?cursor=***", admin), 422, "invalid-field", "cursor", "cursor");
    expectProblem(
        http.patch("/api/v1/orgs/input", "{\"requireMfa\": \"yes\"}", admin),
        422,
        "invalid-field",
        "requireMfa",
        "requireMfa");
    expectProblem(
        http.post("/api/v1/me/mfa/totp/confirm", Http.json("code", "12345"), admin),
        422,
        "invalid-field",
        "code",
        "short code");
    expectProblem(
        http.send(
            "DELETE",
            "/api/v1/orgs/input/members/" + memberId + "/mfa",
            Http.json("reason", " "),
            admin,
            Map.of()),
        422,
        "invalid-field",
        "reason",
        "blank reason");
    expectProblem(
        http.send(
            "DELETE",
            "/api/v1/install/admins/not-a-uuid/mfa",
            "{\"reason\":\"r\"}",
            admin,
            Map.of()),
        422,
        "invalid-field",
        "id",
        "admin id");
    assertThat(state()).isEqualTo(before);
  }

  private record Field(String method, String path, String field, Map<String, Object> body) {}

  /** Every text field of every write whose value can reach an audit entry or a security event. */
  private List<Field> textFields() {
    String m = "/api/v1/orgs/input/members/" + memberId;
    Map<String, Object> setup =
        Map.of("setupToken", "t", "email", "a@example.com", "password", TestServer.PASSWORD);
    Map<String, Object> login =
        Map.of("email", "a@example.com", "password", TestServer.PASSWORD, "org", "input");
    Map<String, Object> org = Map.of("slug", "new-org", "name", "New", "timezone", "UTC");
    Map<String, Object> patch = Map.of("name", "Renamed");
    Map<String, Object> invite = Map.of("email", "b@example.com", "role", "member");
    Map<String, Object> role = Map.of("role", "auditor", "reason", "why");
    Map<String, Object> status = Map.of("reason", "why");
    Map<String, Object> accept = Map.of("token", "inv_x", "password", TestServer.PASSWORD);
    Map<String, Object> mfa = Map.of("challenge", "mfa_x", "code", "123456");
    Map<String, Object> code = Map.of("code", "123456");
    Map<String, Object> reset = Map.of("reason", "lost the phone");
    Map<String, Object> change =
        Map.of("currentPassword", TestServer.PASSWORD, "newPassword", "an unused passphrase");
    Map<String, Object> passwordReset =
        Map.of("token", "pwr_x", "newPassword", "an unused passphrase");
    Map<String, Object> adminAccept = Map.of("token", "adm_x", "password", TestServer.PASSWORD);
    String a = "/api/v1/install/admins/" + adminId;
    Map<String, Object> syslog =
        Map.of("host", "127.0.0.1", "port", 6514, "transport", "tls", "appName", "palisade");
    return List.of(
        new Field("PUT", "/api/v1/orgs/input/syslog", "host", syslog),
        new Field("PUT", "/api/v1/orgs/input/syslog", "hostname", syslog),
        new Field("PUT", "/api/v1/orgs/input/syslog", "appName", syslog),
        new Field("PUT", "/api/v1/orgs/input/syslog", "caCertPem", syslog),
        new Field("PUT", "/api/v1/install/syslog", "host", syslog),
        new Field("POST", "/api/v1/setup", "setupToken", setup),
        new Field("POST", "/api/v1/setup", "email", setup),
        new Field("POST", "/api/v1/setup", "password", setup),
        new Field("POST", "/api/v1/auth/login", "email", login),
        new Field("POST", "/api/v1/auth/login", "password", login),
        new Field("POST", "/api/v1/auth/login", "org", login),
        new Field("POST", "/api/v1/orgs", "slug", org),
        new Field("POST", "/api/v1/orgs", "name", org),
        new Field("POST", "/api/v1/orgs", "timezone", org),
        new Field("POST", "/api/v1/orgs", "locale", org),
        new Field("PATCH", "/api/v1/orgs/input", "slug", patch),
        new Field("PATCH", "/api/v1/orgs/input", "name", patch),
        new Field("PATCH", "/api/v1/orgs/input", "timezone", patch),
        new Field("PATCH", "/api/v1/orgs/input", "locale", patch),
        new Field("POST", "/api/v1/orgs/input/members", "email", invite),
        new Field("POST", "/api/v1/orgs/input/members", "role", invite),
        new Field("PATCH", m, "role", role),
        new Field("PATCH", m, "reason", role),
        new Field("POST", m + "/deactivate", "reason", status),
        new Field("POST", m + "/reactivate", "reason", status),
        new Field("POST", "/api/v1/invitations/accept", "token", accept),
        new Field("POST", "/api/v1/invitations/accept", "password", accept),
        new Field("POST", "/api/v1/auth/login/mfa", "challenge", mfa),
        new Field("POST", "/api/v1/auth/login/mfa", "code", mfa),
        new Field("POST", "/api/v1/me/mfa/totp/confirm", "code", code),
        new Field("DELETE", "/api/v1/me/mfa/totp", "code", code),
        new Field("DELETE", m + "/mfa", "reason", reset),
        new Field("DELETE", "/api/v1/install/admins/" + ANY_ID + "/mfa", "reason", reset),
        new Field("PUT", "/api/v1/orgs/input/keys/provider", "type", Map.of()),
        new Field("PUT", "/api/v1/install/security-events/retention", "type", Map.of("days", 30)),
        new Field("POST", "/api/v1/me/password", "currentPassword", change),
        new Field("POST", "/api/v1/me/password", "newPassword", change),
        new Field("POST", m + "/password-reset", "reason", status),
        new Field("POST", a + "/password-reset", "reason", status),
        new Field("POST", "/api/v1/password-reset", "token", passwordReset),
        new Field("POST", "/api/v1/password-reset", "newPassword", passwordReset),
        new Field("POST", "/api/v1/install/admins", "email", Map.of()),
        new Field("POST", "/api/v1/install/admins/invitations/accept", "token", adminAccept),
        new Field("POST", "/api/v1/install/admins/invitations/accept", "password", adminAccept),
        new Field("POST", a + "/deactivate", "reason", status),
        new Field("POST", a + "/reactivate", "reason", status));
  }

  @Test
  void anOverlongValueOfAnyTextFieldIs422NamingItAndWritesNothing() throws Exception {
    String before = state();
    String longText = "x".repeat(100_000);
    List<String> wrong = new java.util.ArrayList<>();
    for (Field f : textFields()) {
      Map<String, Object> body = new java.util.HashMap<>(f.body());
      body.put(f.field(), longText);
      Http.Response r =
          http.send(f.method(), f.path(), Http.JSON.writeValueAsString(body), admin, Map.of());
      String what = f.method() + " " + f.path() + " " + f.field();
      if (r.status() != 422
          || !r.contentType().startsWith("application/problem+json")
          || !f.field().equals(r.json().path("field").asText())) {
        wrong.add(what + " -> " + r.status() + " " + r.json().path("field").asText());
      }
      String after = state();
      if (!after.equals(before)) {
        wrong.add(what + " wrote something");
        before = after;
      }
    }
    assertThat(wrong).as("answers that are not a 422 naming the field, or wrote").isEmpty();
  }

  private record BadSetting(String name, Object value) {}

  @Test
  void badRoleSettingsOfAnAwsKmsProviderAre422NamingTheSettingAndWriteNothing() throws Exception {
    String before = state();
    List<BadSetting> bad =
        List.of(
            new BadSetting("roleArn", "arn:aws:iam::1111:role/r"),
            new BadSetting("roleArn", "arn:aws:iam::111122223333:user/r"),
            new BadSetting("roleArn", "arn:aws:iam::111122223333:role/" + "r".repeat(513)),
            new BadSetting("roleArn", "x".repeat(100_000)),
            new BadSetting("roleArn", 42),
            new BadSetting("externalId", "x"),
            new BadSetting("externalId", "has spaces"),
            new BadSetting("externalId", "e".repeat(1225)),
            new BadSetting("externalId", List.of("a")),
            new BadSetting("stsEndpoint", "ftp://sts.example"),
            new BadSetting("stsEndpoint", "https://user:pw@sts.example"),
            new BadSetting("stsEndpoint", "http://169.254.169.254/"),
            new BadSetting("stsEndpoint", "x".repeat(100_000)));
    List<String> wrong = new java.util.ArrayList<>();
    for (BadSetting b : bad) {
      Map<String, Object> settings = new java.util.HashMap<>();
      settings.put("keyId", "alias/input");
      settings.put("region", "eu-west-1");
      settings.put("accessKeyId", "AKIAINPUT00000000001");
      settings.put("secretAccessKey", "input-secret");
      settings.put("roleArn", "arn:aws:iam::111122223333:role/input");
      settings.put(b.name(), b.value());
      Http.Response r =
          http.send(
              "PUT",
              "/api/v1/orgs/input/keys/provider",
              Http.json("type", "awskms", "settings", settings),
              admin,
              Map.of());
      String what =
          b.name()
              + "="
              + String.valueOf(b.value())
                  .substring(0, Math.min(20, String.valueOf(b.value()).length()));
      if (r.status() != 422
          || !r.contentType().startsWith("application/problem+json")
          || !("settings." + b.name()).equals(r.json().path("field").asText())) {
        wrong.add(what + " -> " + r.status() + " " + r.json().path("field").asText());
      }
    }
    Http.Response noRole =
        http.send(
            "PUT",
            "/api/v1/orgs/input/keys/provider",
            Http.json(
                "type",
                "awskms",
                "settings",
                Map.of(
                    "keyId", "alias/input",
                    "accessKeyId", "AKIAINPUT00000000001",
                    "secretAccessKey", "input-secret",
                    "externalId", "without-a-role")),
            admin,
            Map.of());
    assertThat(noRole.json().path("field").asText()).isEqualTo("settings.externalId");
    assertThat(wrong).as("answers that are not a 422 naming the setting").isEmpty();
    assertThat(state()).isEqualTo(before);
  }

  @Test
  void startingAnEnrolmentTakesNoFields() throws Exception {
    String before = state();
    expectProblem(
        http.post("/api/v1/me/mfa/totp", "{\"secret\": ", admin),
        400,
        "malformed-request",
        null,
        "malformed");
    expectProblem(
        http.post("/api/v1/me/mfa/totp", "{\"secret\": \"AAAA\"}", admin),
        400,
        "unknown-field",
        "secret",
        "a secret of one's own");
    assertThat(state()).isEqualTo(before);
  }

  @Test
  void wrongMethodsAndMediaTypesGetProblemsToo() {
    Http.Response r = http.send("DELETE", "/api/v1/orgs/input", null, admin, Map.of());
    assertThat(r.status()).isEqualTo(405);
    assertThat(r.contentType()).startsWith("application/problem+json");
    Http.Response t =
        http.send("POST", "/api/v1/orgs", "slug=x", admin, Map.of("Content-Type", "text/plain"));
    assertThat(t.status()).isIn(400, 415);
    assertThat(t.contentType()).startsWith("application/problem+json");
  }
}
