package dev.palisade.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.testing.AtOnce;
import dev.palisade.testing.Http;
import dev.palisade.testing.LogCapture;
import dev.palisade.testing.Oathtool;
import dev.palisade.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Enrolment and sign-in with a TOTP second factor over HTTP, with codes computed by oathtool for
 * chosen instants of the server's test clock.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TotpSignInIT {
  private static final String ORG = "totp";

  private TestServer server;
  private Http http;
  private String admin;
  private final List<String> secrets = new ArrayList<>();
  private LogCapture logs;

  /** An enrolled member: its e-mail, Base32 secret and recovery codes. */
  private record Enrolled(String email, String secret, List<String> recoveryCodes) {}

  @BeforeAll
  void start() {
    logs = LogCapture.pattern("%logger %msg %mdc %ex%n");
    server = TestServer.start();
    http = server.http();
    admin = server.installAdmin();
    server.createOrg(admin, ORG);
  }

  @AfterAll
  void stop() throws Exception {
    logs.close();
    server.close();
  }

  private Instant now() {
    return server.clock().instant();
  }

  /** Moves the clock to two seconds into the next time step, so a request stays in that step. */
  private void nextStep() {
    long ms = now().toEpochMilli();
    long next = (Math.floorDiv(ms, 30_000) + 1) * 30_000 + 2_000;
    server.clock().advance(Duration.ofMillis(next - ms));
  }

  private Enrolled enrolledMember(String email) {
    String token = server.member(admin, ORG, email, "member");
    Http.Response e = http.post("/api/v1/me/mfa/totp", null, token);
    assertThat(e.status()).as(e.body()).isEqualTo(200);
    String secret = e.json().get("secret").asText();
    secrets.add(secret);
    nextStep();
    Http.Response c =
        http.post(
            "/api/v1/me/mfa/totp/confirm", Http.json("code", Oathtool.totp(secret, now())), token);
    assertThat(c.status()).as(c.body()).isEqualTo(200);
    List<String> codes = new ArrayList<>();
    c.json().get("recoveryCodes").forEach(n -> codes.add(n.asText()));
    secrets.addAll(codes);
    return new Enrolled(email, secret, codes);
  }

  private Http.Response password(String email) {
    return http.post(
        "/api/v1/auth/login",
        Http.json("email", email, "password", TestServer.PASSWORD, "org", ORG),
        null);
  }

  private String challenge(String email) {
    Http.Response r = password(email);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("mfaRequired").asBoolean()).isTrue();
    assertThat(r.json().has("accessToken")).isFalse();
    return r.json().get("challenge").asText();
  }

  private Http.Response finish(String challenge, String code) {
    return http.post(
        "/api/v1/auth/login/mfa", Http.json("challenge", challenge, "code", code), null);
  }

  /** Both steps with a code of the next time step; returns the token. */
  private String signIn(Enrolled m) {
    String challenge = challenge(m.email());
    nextStep();
    Http.Response r = finish(challenge, Oathtool.totp(m.secret(), now()));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("accessToken").asText();
  }

  private long auditCount(String action, String reason) throws Exception {
    try (var c = server.db().connect(server.db().tenantPrefix() + ORG);
        var s =
            c.prepareStatement(
                "select count(*) from audit_entries where action = ?"
                    + " and (? is null or reason = ?)")) {
      s.setString(1, action);
      s.setString(2, reason);
      s.setString(3, reason);
      try (var rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Test
  void enrolsWithAnAuthenticatorsUriAndSignsInWithAnOathtoolCode() {
    String token = server.member(admin, ORG, "uri@example.com", "member");
    Http.Response e = http.post("/api/v1/me/mfa/totp", null, token);
    assertThat(e.status()).as(e.body()).isEqualTo(200);
    String secret = e.json().get("secret").asText();
    secrets.add(secret);
    assertThat(secret).matches("[A-Z2-7]{32}");
    assertThat(e.json().get("otpauthUri").asText())
        .isEqualTo(
            "otpauth://totp/Palisade%3Auri%40example.com?secret="
                + secret
                + "&issuer=Palisade&algorithm=SHA1&digits=6&period=30");
    nextStep();
    Http.Response c =
        http.post(
            "/api/v1/me/mfa/totp/confirm", Http.json("code", Oathtool.totp(secret, now())), token);
    assertThat(c.status()).as(c.body()).isEqualTo(200);
    JsonNode codes = c.json().get("recoveryCodes");
    assertThat(codes).hasSize(10);
    codes.forEach(
        n -> assertThat(n.asText()).matches("[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}"));
    codes.forEach(n -> secrets.add(n.asText()));

    Http.Response again = http.post("/api/v1/me/mfa/totp", null, token);
    assertThat(again.status()).as("re-enrolment while active").isEqualTo(409);

    String challenge = challenge("uri@example.com");
    nextStep();
    Http.Response done = finish(challenge, Oathtool.totp(secret, now()));
    assertThat(done.status()).as(done.body()).isEqualTo(200);
    String access = done.json().get("accessToken").asText();
    assertThat(http.get("/api/v1/orgs/" + ORG, access).status()).isEqualTo(200);
    assertThat(http.get("/api/v1/me/mfa", access).json().get("enabled").asBoolean()).isTrue();
  }

  @Test
  void aCodeIsAcceptedOnceAndAChallengeCompletesOneSignIn() {
    Enrolled m = enrolledMember("replay@example.com");
    String first = challenge(m.email());
    nextStep();
    String code = Oathtool.totp(m.secret(), now());
    assertThat(finish(first, code).status()).isEqualTo(200);
    assertThat(finish(first, code).status()).as("the same challenge again").isEqualTo(401);

    String second = challenge(m.email());
    Http.Response replay = finish(second, code);
    assertThat(replay.status()).as("the same code on a new challenge").isEqualTo(401);
    assertThat(replay.json().get("code").asText()).isEqualTo("invalid-credentials");
    nextStep();
    assertThat(finish(second, Oathtool.totp(m.secret(), now())).status())
        .as("a refused code does not use up the challenge")
        .isEqualTo(200);
  }

  @Test
  void oneStepOfDriftEachWayIsAcceptedAndTwoAreRefused() {
    Enrolled m = enrolledMember("drift@example.com");
    nextStep();
    nextStep();
    String c1 = challenge(m.email());
    assertThat(finish(c1, Oathtool.totp(m.secret(), now().minusSeconds(60))).status())
        .as("two steps behind")
        .isEqualTo(401);
    assertThat(finish(c1, Oathtool.totp(m.secret(), now().plusSeconds(60))).status())
        .as("two steps ahead")
        .isEqualTo(401);
    assertThat(finish(c1, Oathtool.totp(m.secret(), now().minusSeconds(30))).status())
        .as("one step behind")
        .isEqualTo(200);
    String c2 = challenge(m.email());
    assertThat(finish(c2, Oathtool.totp(m.secret(), now().plusSeconds(30))).status())
        .as("one step ahead")
        .isEqualTo(200);
  }

  @Test
  void aRecoveryCodeSignsInOnce() throws Exception {
    Enrolled m = enrolledMember("recovery@example.com");
    String code = m.recoveryCodes().get(3);
    Http.Response ok = finish(challenge(m.email()), code.toUpperCase(java.util.Locale.ROOT));
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    assertThat(
            http.get("/api/v1/me/mfa", ok.json().get("accessToken").asText())
                .json()
                .get("recoveryCodesLeft")
                .asInt())
        .isEqualTo(9);
    assertThat(finish(challenge(m.email()), code).status()).isEqualTo(401);
    assertThat(auditCount("mfa.recovery_code_used", null)).isGreaterThanOrEqualTo(1);
  }

  @Test
  void wrongCodesLockTheAccountAndConcurrentOnesCannotExceedTheLimit() throws Exception {
    Enrolled m = enrolledMember("guess@example.com");
    String challenge = challenge(m.email());
    nextStep();
    Set<String> valid =
        Set.of(
            Oathtool.totp(m.secret(), now().minusSeconds(30)),
            Oathtool.totp(m.secret(), now()),
            Oathtool.totp(m.secret(), now().plusSeconds(30)));
    String wrong = valid.contains("123456") ? "654321" : "123456";
    long failedBefore = auditCount("auth.mfa_failed", "wrong code");
    List<Integer> answers = AtOnce.run(20, i -> finish(challenge, wrong).status());
    assertThat(answers).containsOnly(401);
    long checked =
        auditCount("auth.mfa_failed", "wrong code")
            - failedBefore
            + auditCount("auth.locked_out", null);
    assertThat(checked).as("codes checked in one window").isEqualTo(5);
    assertThat(finish(challenge, Oathtool.totp(m.secret(), now())).status())
        .as("the right code while locked")
        .isEqualTo(401);
  }

  @Test
  void anExpiredChallengeIsRefused() {
    Enrolled m = enrolledMember("late@example.com");
    String challenge = challenge(m.email());
    server.clock().advance(Duration.ofMinutes(5).plusSeconds(1));
    assertThat(finish(challenge, Oathtool.totp(m.secret(), now())).status()).isEqualTo(401);
    nextStep();
    assertThat(finish(challenge(m.email()), Oathtool.totp(m.secret(), now())).status())
        .isEqualTo(200);
  }

  @Test
  void oneAccountsChallengeCannotFinishAnothersSignIn() {
    Enrolled a = enrolledMember("alice@example.com");
    Enrolled b = enrolledMember("bob@example.com");
    String forA = challenge(a.email());
    nextStep();
    assertThat(finish(forA, Oathtool.totp(b.secret(), now())).status()).isEqualTo(401);
    assertThat(finish(forA, b.recoveryCodes().get(0)).status()).isEqualTo(401);
    Http.Response ok = finish(forA, Oathtool.totp(a.secret(), now()));
    assertThat(ok.status()).isEqualTo(200);
    String token = ok.json().get("accessToken").asText();
    assertThat(http.get("/api/v1/orgs/" + ORG + "/members", admin).json().findValuesAsText("email"))
        .contains("alice@example.com");
    assertThat(http.get("/api/v1/me/mfa", token).status()).isEqualTo(200);
  }

  @Test
  void aWrongPasswordOrAnUnknownAccountDoesNotRevealWhetherMfaIsOn() {
    enrolledMember("quiet@example.com");
    Http.Response withMfa =
        http.post(
            "/api/v1/auth/login",
            Http.json("email", "quiet@example.com", "password", "wrong password!", "org", ORG),
            null);
    Http.Response unknown =
        http.post(
            "/api/v1/auth/login",
            Http.json("email", "nobody@example.com", "password", "wrong password!", "org", ORG),
            null);
    assertThat(withMfa.status()).isEqualTo(401);
    assertThat(withMfa.body().replaceAll("\"requestId\":\"[^\"]+\"", ""))
        .isEqualTo(unknown.body().replaceAll("\"requestId\":\"[^\"]+\"", ""));
  }

  @Test
  void disablingNeedsACurrentCodeAndIsAudited() throws Exception {
    Enrolled m = enrolledMember("off@example.com");
    String token = signIn(m);
    Http.Response wrong =
        http.send("DELETE", "/api/v1/me/mfa/totp", Http.json("code", "000000x"), token, Map.of());
    assertThat(wrong.status()).isEqualTo(422);
    assertThat(wrong.json().get("field").asText()).isEqualTo("code");
    nextStep();
    Http.Response off =
        http.send(
            "DELETE",
            "/api/v1/me/mfa/totp",
            Http.json("code", Oathtool.totp(m.secret(), now())),
            token,
            Map.of());
    assertThat(off.status()).as(off.body()).isEqualTo(204);
    assertThat(auditCount("mfa.disabled", null)).isGreaterThanOrEqualTo(1);
    Http.Response plain = password(m.email());
    assertThat(plain.json().has("accessToken")).isTrue();
  }

  @Test
  void secretsNeverReachTheLogOrALaterResponse() throws Exception {
    Enrolled m = enrolledMember("nolog@example.com");
    String token = signIn(m);
    String later =
        http.get("/api/v1/me/mfa", token).body()
            + http.get("/api/v1/orgs/" + ORG + "/audit?limit=200", admin).body()
            + http.get("/api/v1/orgs/" + ORG + "/members/" + memberId(m.email()), admin).body();
    String logged = logs.text();
    assertThat(logged).contains("second factor enrolled");
    for (String s : secrets) {
      assertThat(logged).as("log").doesNotContain(s).doesNotContain(s.replace("-", ""));
      assertThat(later).as("later responses").doesNotContain(s);
    }
  }

  private String memberId(String email) {
    for (JsonNode n :
        http.get("/api/v1/orgs/" + ORG + "/members?limit=200", admin).json().get("items")) {
      if (n.get("email").asText().equals(email)) {
        return n.get("id").asText();
      }
    }
    throw new AssertionError(email);
  }
}
