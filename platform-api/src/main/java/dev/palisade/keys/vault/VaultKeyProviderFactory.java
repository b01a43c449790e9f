package dev.palisade.keys.vault;

import dev.palisade.keys.KeysConfig;
import dev.palisade.net.OutboundGuard;
import io.micronaut.context.annotation.Bean;
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
  @Bean(preDestroy = "close")
  VaultKeyProvider vaultKeyProvider(VaultKeysConfig config, OutboundGuard guard) {
    return VaultKeyProvider.create(config, guard);
  }
}
