package dev.palisade.keys.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.net.TestGuards;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Vault client connects only where the outbound guard agreed: to the address the guard's own
 * resolver gave, never after a redirect, never to a refused name.
 */
class VaultThroughOutboundGuardTest {
  private static final String TOKEN = "hvs.guard-test-token";
  private VaultTransitProtocolStub vault;
  private HttpServer redirecting;
  private HttpServer internal;
  private final AtomicInteger internalHits = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    vault = VaultTransitProtocolStub.start(TOKEN);
    vault.createKey("k");
    internal = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    internal.createContext(
        "/",
        x -> {
          internalHits.incrementAndGet();
          x.sendResponseHeaders(200, -1);
          x.close();
        });
    internal.start();
    redirecting = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    redirecting.createContext(
        "/",
        x -> {
          x.getResponseHeaders()
              .add("Location", "http://127.0.0.1:" + internal.getAddress().getPort() + "/v1/");
          x.sendResponseHeaders(302, -1);
          x.close();
        });
    redirecting.start();
  }

  @AfterEach
  void stop() {
    vault.close();
    redirecting.stop(0);
    internal.stop(0);
  }

  private static String port(String address) {
    return address.substring(address.lastIndexOf(':') + 1);
  }

  @Test
  void connectsToTheAddressTheGuardCheckedNotToASecondLookup() {
    // "vault.test" exists only in the guard's resolver: reaching the stub proves the client used it
    TestGuards.Recording r = TestGuards.resolving(Map.of("vault.test", "127.0.0.1"), "vault.test");
    VaultKeyProvider p =
        VaultKeyProvider.create(
            VaultKeysConfig.of("http://vault.test:" + port(vault.address()), TOKEN, "k"), r.guard);
    byte[] key = new byte[32];
    assertThat(p.unwrap(p.wrap(key, new byte[] {1}), new byte[] {1})).isEqualTo(key);
    assertThat(vault.calls("encrypt")).isEqualTo(1);
    assertThat(r.lookups).containsOnly("vault.test");
    p.close();
  }

  @Test
  void aNameThatResolvesToLoopbackIsRefusedBeforeAnyConnection() {
    TestGuards.Recording r = TestGuards.resolving(Map.of("rebound.test", "127.0.0.1"));
    VaultKeyProvider p =
        VaultKeyProvider.create(
            VaultKeysConfig.of("http://rebound.test:" + port(vault.address()), TOKEN, "k"),
            r.guard);
    PlatformException e =
        catchThrowableOfType(() -> p.wrap(new byte[32], new byte[] {1}), PlatformException.class);
    assertThat(e.errorCode()).isEqualTo(ErrorCode.OUTBOUND_BLOCKED);
    assertThat(e.getMessage())
        .isEqualTo("vault: outbound connection to rebound.test refused: loopback");
    assertThat(vault.calls("encrypt")).isZero();
    assertThat(r.blocked("vault")).isEqualTo(1.0);
    p.close();
  }

  @Test
  void aRedirectToAnInternalAddressIsNotFollowed() {
    TestGuards.Recording r = TestGuards.resolving(Map.of("vault.test", "127.0.0.1"), "vault.test");
    VaultKeyProvider p =
        VaultKeyProvider.create(
            VaultKeysConfig.of(
                "http://vault.test:" + redirecting.getAddress().getPort(), TOKEN, "k"),
            r.guard);
    PlatformException e =
        catchThrowableOfType(() -> p.wrap(new byte[32], new byte[] {1}), PlatformException.class);
    assertThat(e.errorCode()).isEqualTo(ErrorCode.DEPENDENCY_FAILED);
    assertThat(e.getMessage()).contains("HTTP 302");
    assertThat(internalHits).hasValue(0);
    p.close();
  }
}
