package dev.palisade.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import io.micronaut.context.exceptions.ConfigurationException;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the outbound guard refuses, under every spelling, and what the operator can allow. */
class OutboundGuardTest {
  private final TestGuards.Recording recording =
      TestGuards.resolving(
          Map.of(
              "internal.test", "127.0.0.1",
              "public.test", "93.184.216.34",
              "vault.internal", "10.1.2.3"),
          "vault.internal",
          "192.168.7.0/24");

  @ParameterizedTest
  @CsvSource({
    "2130706433, loopback",
    "127.1, loopback",
    "0x7f000001, loopback",
    "017700000001, loopback",
    "0x7f.0.0.1, loopback",
    "127.0.0.1, loopback",
    "[::1], loopback",
    "[::ffff:127.0.0.1], loopback",
    "[::ffff:7f00:1], loopback",
    "[::127.0.0.1], loopback",
    "[64:ff9b::7f00:1], loopback",
    "[2002:7f00:1::], loopback",
    "internal.test, loopback",
    "INTERNAL.test., loopback",
    "[::], unspecified",
    "0.0.0.0, unspecified",
    "0, unspecified",
    "169.254.169.254, metadata",
    "[fd00:ec2::254], metadata",
    "[::ffff:169.254.169.254], metadata",
    "2852039166, metadata",
    "169.254.1.1, link-local",
    "[fe80::1], link-local",
    "10.0.0.1, private",
    "172.16.5.4, private",
    "192.168.1.1, private",
    "[fd12:3456::1], private",
    "100.64.0.1, cgnat",
    "224.0.0.1, multicast",
    "[ff02::1], multicast",
    "255.255.255.255, reserved",
    "256.0.0.1, invalid-host",
    "1.2.3.4.5, invalid-host",
    "bad_host!, invalid-host"
  })
  void refusesEverySpellingOfAnInternalAddress(String host, String reason) {
    PlatformException e =
        catchThrowableOfType(() -> recording.guard.vet("vault", host), PlatformException.class);
    assertThat(e).as(host).isNotNull();
    assertThat(e.errorCode()).isEqualTo(ErrorCode.OUTBOUND_BLOCKED);
    assertThat(e.getMessage()).endsWith("refused: " + reason);
    assertThat(recording.refusals).hasSize(1);
    assertThat(recording.refusals.get(0).client()).isEqualTo("vault");
    assertThat(recording.refusals.get(0).reason()).isEqualTo(reason);
    assertThat(recording.blocked("vault")).isEqualTo(1.0);
  }

  @Test
  void publicDestinationsPassAndNamesResolveOnce() throws Exception {
    assertThat(recording.guard.vet("vault", "public.test"))
        .containsExactly(InetAddress.getByName("93.184.216.34"));
    assertThat(recording.guard.vet("awskms", "93.184.216.34")).hasSize(1);
    assertThat(recording.guard.vet("awskms", "[2606:4700::1111]")).hasSize(1);
    assertThat(recording.lookups).containsExactly("public.test");
    assertThat(recording.refusals).isEmpty();
  }

  @Test
  void aListedNameOrRangeIsAllowed() throws Exception {
    assertThat(recording.guard.vet("vault", "vault.internal"))
        .containsExactly(InetAddress.getByName("10.1.2.3"));
    assertThat(recording.guard.vet("vault", "192.168.7.20")).hasSize(1);
    assertThatThrownBy(() -> recording.guard.vet("vault", "192.168.8.20"))
        .isInstanceOf(PlatformException.class);
  }

  @Test
  void aNameWithOneInternalAddressAmongPublicOnesIsRefused() {
    TestGuards.Recording two =
        new TestGuards.Recording(
            host ->
                new InetAddress[] {
                  InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.0.0.9")
                },
            List.of());
    assertThatThrownBy(() -> two.guard.vet("control-plane", "mixed.test"))
        .hasMessageEndingWith("refused: private");
    assertThat(two.blocked("control-plane")).isEqualTo(1.0);
  }

  @Test
  void aSettingNamingARefusedDestinationIs422NamingTheField() {
    PlatformException e =
        catchThrowableOfType(
            () ->
                recording.guard.checkSetting(
                    "vault", URI.create("http://169.254.169.254/"), "settings.address"),
            PlatformException.class);
    assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_FIELD);
    assertThat(e.field()).contains("settings.address");
    assertThat(e.getMessage()).contains("metadata").contains(NetConfig.ALLOW);
    assertThat(recording.blocked("vault")).isEqualTo(1.0);
    recording.guard.checkSetting("vault", URI.create("https://unknown.test/"), "settings.address");
  }

  @Test
  void anAllowEntryThatIsNoDestinationStopsTheStartWithoutShowingIt() {
    assertThatThrownBy(() -> TestGuards.allowing("10.0.0.0/40-secret"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("palisade.net.allow (PALISADE_NET_ALLOW) entry 1")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> TestGuards.allowing("ok.example", "vault.example/8"))
        .hasMessageContaining("entry 2");
  }
}
