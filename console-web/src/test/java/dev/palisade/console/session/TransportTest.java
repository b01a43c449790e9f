package dev.palisade.console.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpRequest;
import org.junit.jupiter.api.Test;

class TransportTest {
  private static HttpRequest<?> to(String host) {
    return HttpRequest.GET("/console").header("Host", host);
  }

  @Test
  void cookiesAreSecureExceptOnPlainHttpToLoopback() {
    assertThat(Transport.secureCookies(to("127.0.0.1:7443"))).isFalse();
    assertThat(Transport.secureCookies(to("localhost:7443"))).isFalse();
    assertThat(Transport.secureCookies(to("[::1]:7443"))).isFalse();
    assertThat(Transport.secureCookies(to("console.example.com"))).isTrue();
    assertThat(Transport.secureCookies(to("10.0.0.5:7443"))).isTrue();
    assertThat(Transport.secureCookies(to("127.0.0.1.evil.example"))).isTrue();
    assertThat(Transport.secureCookies(to("bad host"))).isTrue();
  }
}
