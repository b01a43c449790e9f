package dev.palisade.console.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MfaPendingTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private static final String CHALLENGE = "mfa_Qk9mX2lK3v-9_abcdefghijklmnopqrstuvwxyz0";

  @Test
  void roundTripsTheOrganizationTheExpiryAndTheChallenge() {
    MfaPending p = new MfaPending("acme", NOW.plusSeconds(300), CHALLENGE);
    MfaPending back = MfaPending.parse(p.value()).orElseThrow();
    assertThat(back).isEqualTo(p);
    MfaPending install =
        MfaPending.parse("-~" + NOW.getEpochSecond() + "~" + CHALLENGE).orElseThrow();
    assertThat(install.org()).isNull();
  }

  @Test
  void expiresAtItsTimeByTheServersClock() {
    MfaPending p = new MfaPending(null, NOW.plusSeconds(300), CHALLENGE);
    assertThat(p.expired(NOW.plusSeconds(299))).isFalse();
    assertThat(p.expired(NOW.plusSeconds(300))).isTrue();
  }

  @Test
  void refusesMalformedValues() {
    long t = NOW.getEpochSecond();
    for (String bad :
        new String[] {
          "",
          "acme~" + t,
          "acme~" + t + "~",
          "Acme!~" + t + "~" + CHALLENGE,
          "acme~soon~" + CHALLENGE,
          "acme~" + t + "~" + CHALLENGE + "~more",
          "acme~" + t + "~has spaces",
          "acme~" + t + "~" + "a".repeat(201)
        }) {
      assertThat(MfaPending.parse(bad)).as(bad).isEmpty();
    }
  }

  @Test
  void theCookieIsHttpOnlyStrictAndScopedToSignIn() {
    Cookie c = new MfaPending("acme", NOW.plusSeconds(300), CHALLENGE).cookie(NOW, true);
    assertThat(c.isHttpOnly()).isTrue();
    assertThat(c.isSecure()).isTrue();
    assertThat(c.getSameSite()).contains(SameSite.Strict);
    assertThat(c.getPath()).isEqualTo("/console/sign-in");
    assertThat(c.getMaxAge()).isEqualTo(300);
    assertThat(new MfaPending("acme", NOW, CHALLENGE).toString()).doesNotContain(CHALLENGE);
  }
}
