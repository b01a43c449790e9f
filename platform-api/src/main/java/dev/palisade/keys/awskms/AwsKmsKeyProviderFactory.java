package dev.palisade.keys.awskms;

import dev.palisade.keys.KeysConfig;
import dev.palisade.net.OutboundGuard;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Named;
import java.time.Clock;

/** The install's key provider when {@code palisade.keys.provider} is {@code awskms}. */
@Factory
@Requires(property = KeysConfig.PROVIDER, value = "awskms")
final class AwsKmsKeyProviderFactory {
  @Context
  @Named("awskms")
  @Bean(preDestroy = "close")
  AwsKmsKeyProvider awsKmsKeyProvider(
      AwsKmsKeysConfig config,
      OutboundGuard guard,
      Clock clock,
      InstallAwsCredentials installCredentials) {
    return AwsKmsKeyProvider.create(config, guard, clock, installCredentials.provider());
  }
}
