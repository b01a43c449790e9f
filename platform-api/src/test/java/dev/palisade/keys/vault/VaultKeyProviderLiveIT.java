package dev.palisade.keys.vault;

import dev.palisade.keys.KeyProvider;
import dev.palisade.keys.KeyProviderContract;
import dev.palisade.net.TestGuards;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The key provider contract on a real Vault or OpenBao, when {@code VAULT_ADDR} and {@code
 * VAULT_TOKEN} name one. Uses the Transit key {@code VAULT_TRANSIT_KEY} (default {@code
 * palisade-test}) on the {@code transit} mount, creating it when the token may; the key is not
 * rotated. {@code VAULT_NAMESPACE} is honoured.
 */
@EnabledIfEnvironmentVariable(named = "VAULT_ADDR", matches = ".+")
@EnabledIfEnvironmentVariable(named = "VAULT_TOKEN", matches = ".+")
class VaultKeyProviderLiveIT extends KeyProviderContract {
  private VaultKeyProvider provider;
  private VaultKeysConfig config;

  @BeforeEach
  void connect() throws Exception {
    String key = System.getenv().getOrDefault("VAULT_TRANSIT_KEY", "palisade-test");
    config =
        new VaultKeysConfig(
            System.getenv("VAULT_ADDR"),
            System.getenv("VAULT_TOKEN"),
            "transit",
            key,
            System.getenv("VAULT_NAMESPACE"),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10));
    HttpRequest.Builder create =
        HttpRequest.newBuilder(
                URI.create(config.address() + "/v1/transit/keys/" + config.keyName()))
            .header("X-Vault-Token", config.token())
            .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"aes256-gcm96\"}"));
    if (config.namespace() != null) {
      create.header("X-Vault-Namespace", config.namespace());
    }
    HttpClient.newHttpClient().send(create.build(), HttpResponse.BodyHandlers.discarding());
    provider = VaultKeyProvider.create(config, TestGuards.any());
  }

  @Override
  protected KeyProvider provider() {
    return provider;
  }

  @Override
  protected KeyProvider unreachableProvider() {
    return VaultKeyProvider.create(
        VaultKeysConfig.of(
            "http://127.0.0.1:" + VaultKeyProviderAgainstProtocolStubTest.closedPort(),
            config.token(),
            config.keyName()),
        TestGuards.any());
  }

  @Override
  protected Optional<KeyProvider> rotateKek() {
    return Optional.empty();
  }

  @Override
  protected List<String> plantedSecrets() {
    return List.of(config.token());
  }
}
