package dev.palisade.console.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.console.api.BearerToken;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SessionCookieTest {
  private static String jwt(String claims) {
    Base64.Encoder e = Base64.getUrlEncoder().withoutPadding();
    return e.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + e.encodeToString(claims.getBytes(StandardCharsets.UTF_8))
        + ".c2lnbmF0dXJl";
  }

  @Test
  void readsAnInstallAdminAndAMember() {
    ConsoleSession admin =
        SessionCookie.parse("-~" + jwt("{\"kind\":\"install\",\"roles\":[\"install-admin\"]}"))
            .orElseThrow();
    assertThat(admin.installAdmin()).isTrue();
    assertThat(admin.org()).isNull();
    ConsoleSession member =
        SessionCookie.parse("acme~" + jwt("{\"kind\":\"member\",\"roles\":[\"auditor\"]}"))
            .orElseThrow();
    assertThat(member.org()).isEqualTo("acme");
    assertThat(member.role()).isEqualTo("auditor");
    assertThat(member.view()).doesNotContainKey("token");
    assertThat(member.token().toString()).doesNotContain("eyJ");
  }

  @Test
  void ignoresAnythingElse() {
    assertThat(SessionCookie.parse("")).isEmpty();
    assertThat(SessionCookie.parse("~" + jwt("{\"kind\":\"install\"}"))).isEmpty();
    assertThat(SessionCookie.parse("Not A Slug~" + jwt("{\"kind\":\"member\"}"))).isEmpty();
    assertThat(SessionCookie.parse("-~not-a-jwt")).isEmpty();
    assertThat(SessionCookie.parse("-~" + jwt("{\"kind\":\"root\"}"))).isEmpty();
    assertThat(SessionCookie.parse("-~" + jwt("not json"))).isEmpty();
  }

  @Test
  void theCookieIsHttpOnlyStrictAndScopedToTheConsole() {
    Cookie c = SessionCookie.issue(new BearerToken("a.b.c"), "acme", Duration.ofHours(1), true);
    assertThat(c.getValue()).isEqualTo("acme~a.b.c");
    assertThat(c.isHttpOnly()).isTrue();
    assertThat(c.isSecure()).isTrue();
    assertThat(c.getSameSite()).contains(SameSite.Strict);
    assertThat(c.getPath()).isEqualTo("/console");
    assertThat(SessionCookie.clear(true).getMaxAge()).isZero();
  }
}
