package dev.palisade.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {
  private static InetAddress ip(String s) throws Exception {
    return InetAddress.getByName(s);
  }

  private static ClientAddresses trusting(String... ranges) {
    return new ClientAddresses(new TrustedProxies(List.of(ranges)));
  }

  @Test
  void ignoresForwardedForFromAPeerThatIsNotATrustedProxy() throws Exception {
    assertThat(trusting().client(ip("10.0.0.9"), "1.2.3.4")).isEqualTo(ip("10.0.0.9"));
    assertThat(trusting("10.1.0.0/16").client(ip("10.0.0.9"), "1.2.3.4")).isEqualTo(ip("10.0.0.9"));
  }

  @Test
  void takesTheRightMostAddressThatIsNotATrustedProxy() throws Exception {
    ClientAddresses a = trusting("10.0.0.0/8", "::1");
    assertThat(a.client(ip("10.0.0.9"), "6.6.6.6, 1.2.3.4, 10.0.0.7")).isEqualTo(ip("1.2.3.4"));
    assertThat(a.client(ip("::1"), "2001:db8::5")).isEqualTo(ip("2001:db8::5"));
    assertThat(a.client(ip("10.0.0.9"), null)).isEqualTo(ip("10.0.0.9"));
  }

  @Test
  void stopsAtAnEntryThatIsNotAnAddressAndNeverLooksUpNames() throws Exception {
    ClientAddresses a = trusting("127.0.0.1");
    assertThat(a.client(ip("127.0.0.1"), "localhost")).isEqualTo(ip("127.0.0.1"));
    assertThat(a.client(ip("127.0.0.1"), "1.2.3.4, example.com")).isEqualTo(ip("127.0.0.1"));
  }

  @Test
  void refusesASettingThatIsNotAnAddressOrRange() {
    assertThatThrownBy(() -> new TrustedProxies(List.of("proxy.internal")))
        .hasMessageContaining("palisade.http.trusted-proxies");
    assertThatThrownBy(() -> new TrustedProxies(List.of("10.0.0.0/33")))
        .hasMessageContaining("10.0.0.0/33");
  }
}
