package dev.palisade.keys.vault;

import dev.palisade.keys.KeysConfig;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Named;

/** The install's key provider when {@code palisade.keys.provider} is {@code vault}. */
@Factory
@Requires(property = KeysConfig.PROVIDER, value = "vault")
final class VaultKeyProviderFactory {
  @Context
  @Named("vault")
  VaultKeyProvider vaultKeyProvider(VaultKeysConfig config) {
    return VaultKeyProvider.create(config);
  }
}
