package dev.palisade.keys.pkcs11;

import dev.palisade.keys.KeysConfig;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Named;

/** The install's key provider when {@code palisade.keys.provider} is {@code pkcs11}. */
@Factory
@Requires(property = KeysConfig.PROVIDER, value = "pkcs11")
final class Pkcs11KeyProviderFactory {
  @Context
  @Named("pkcs11")
  @Bean(preDestroy = "close")
  Pkcs11KeyProvider pkcs11KeyProvider(Pkcs11KeysConfig config) {
    return Pkcs11KeyProvider.create(config);
  }
}
