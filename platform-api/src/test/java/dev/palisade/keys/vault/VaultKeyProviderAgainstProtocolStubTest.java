package dev.palisade.keys.vault;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.keys.KeyProvider;
import dev.palisade.keys.KeyProviderContract;
import dev.palisade.keys.WrappedKey;
import dev.palisade.net.TestGuards;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The key provider contract against {@link VaultTransitProtocolStub}, an in-process server speaking
 * the Transit HTTP API; {@code VaultKeyProviderLiveIT} runs the same contract on a real Vault.
 */
class VaultKeyProviderAgainstProtocolStubTest extends KeyProviderContract {
  static final String TOKEN = "hvs.planted-vault-token-7Qx3Lr9w";
  static final String KEY = "palisade-kek";

  private VaultTransitProtocolStub vault;
  private VaultKeyProvider provider;

  @BeforeEach
  void startVault() throws IOException {
    vault = VaultTransitProtocolStub.start(TOKEN);
    vault.createKey(KEY);
    provider =
        VaultKeyProvider.create(
            VaultKeysConfig.of(vault.address(), TOKEN, KEY), TestGuards.loopback());
  }

  @AfterEach
  void stopVault() {
    vault.close();
  }

  @Override
  protected KeyProvider provider() {
    return provider;
  }

  @Override
  protected KeyProvider unreachableProvider() {
    return VaultKeyProvider.create(
        new VaultKeysConfig(
            "http://127.0.0.1:" + closedPort(),
            TOKEN,
            "transit",
            KEY,
            null,
            Duration.ofSeconds(1),
            Duration.ofSeconds(2)),
        TestGuards.loopback());
  }

  @Override
  protected Optional<KeyProvider> rotateKek() throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(vault.address() + "/v1/transit/keys/" + KEY + "/rotate"))
                    .header("X-Vault-Token", TOKEN)
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(204);
    return Optional.of(provider);
  }

  @Override
  protected List<String> plantedSecrets() {
    return List.of(TOKEN);
  }

  @Test
  void kekVersionIsTheTransitKeyVersion() throws Exception {
    WrappedKey wrapped = provider.wrap(new byte[32], CONTEXT);
    assertThat(wrapped.kekVersion()).isEqualTo("1");
    assertThat(new String(wrapped.ciphertext(), UTF_8)).startsWith("vault:v1:");
    rotateKek();
    assertThat(provider.rewrap(wrapped, CONTEXT).kekVersion()).isEqualTo("2");
  }

  @Test
  void rewrapIsDoneByVaultWithoutDecryptingHere() {
    WrappedKey wrapped = provider.wrap(new byte[32], CONTEXT);
    provider.rewrap(wrapped, CONTEXT);
    assertThat(vault.calls("rewrap")).isEqualTo(1);
    assertThat(vault.calls("decrypt")).isZero();
  }

  @Test
  void refusedTokenFailsWithoutShowingIt() {
    VaultKeyProvider wrongToken =
        VaultKeyProvider.create(
            VaultKeysConfig.of(vault.address(), "hvs.other-token-xyz", KEY), TestGuards.loopback());
    PlatformException e = refused(() -> wrongToken.wrap(new byte[32], CONTEXT));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.DEPENDENCY_FAILED);
    assertThat(e.getMessage())
        .isEqualTo("Vault refused the token for transit encrypt (HTTP 403)")
        .doesNotContain("hvs.");
  }

  @Test
  void sealedVaultIsUnavailable() {
    vault.seal();
    PlatformException e = refused(() -> provider.wrap(new byte[32], CONTEXT));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.DEPENDENCY_UNAVAILABLE);
    assertThat(e.getMessage()).contains("sealed").contains("HTTP 503");
  }

  @Test
  void unknownTransitKeyFailsNamingTheOperation() {
    VaultKeyProvider other =
        VaultKeyProvider.create(
            VaultKeysConfig.of(vault.address(), TOKEN, "no-such-key"), TestGuards.loopback());
    PlatformException e = refused(() -> other.wrap(new byte[32], CONTEXT));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.DEPENDENCY_FAILED);
    assertThat(e.getMessage()).isEqualTo("Vault transit refused encrypt (HTTP 400)");
  }

  @Test
  void sendsTheConfiguredNamespace() {
    vault.requireNamespace("team-a");
    VaultKeyProvider withNamespace =
        VaultKeyProvider.create(
            new VaultKeysConfig(
                vault.address(),
                TOKEN,
                "transit",
                KEY,
                "team-a",
                Duration.ofSeconds(5),
                Duration.ofSeconds(10)),
            TestGuards.loopback());
    WrappedKey wrapped = withNamespace.wrap(new byte[32], CONTEXT);
    assertThat(withNamespace.unwrap(wrapped, CONTEXT)).isEqualTo(new byte[32]);
    assertThat(withNamespace.describe().settings()).containsEntry("namespace", "team-a");
    refused(() -> provider.wrap(new byte[32], CONTEXT));
  }

  static int closedPort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
