package dev.palisade.keys.local;

import dev.palisade.install.InstallHome;
import dev.palisade.keys.KeysConfig;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Named;

/** The install's key provider when {@code palisade.keys.provider} is {@code local} or unset. */
@Factory
@Requires(property = KeysConfig.PROVIDER, value = "local", defaultValue = "local")
final class LocalKeyProviderFactory {
  @Context
  @Named("local")
  LocalKeyProvider localKeyProvider(LocalKeysConfig config, InstallHome home) {
    return LocalKeyProvider.create(config, home);
  }
}
