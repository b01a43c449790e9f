package dev.palisade.keys.awskms;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/** The SDK's default credential chain as the install's credentials; resolved at first use only. */
@Factory
final class InstallAwsCredentialsFactory {
  @Singleton
  @Requires(missingBeans = InstallAwsCredentials.class)
  InstallAwsCredentials installAwsCredentials() {
    return new InstallAwsCredentials(DefaultCredentialsProvider.builder().build());
  }
}
