package dev.palisade.keys.awskms;

import static java.util.Objects.requireNonNull;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The server's own AWS credentials: the SDK's default chain (environment, system properties,
 * profile, web identity, container or instance role) unless a bean of this type was registered
 * before start-up. They sign an organization's request only to assume the organization's role, and
 * only when {@code palisade.keys.organization-awskms-assume-role} is on; never a KMS call.
 */
public record InstallAwsCredentials(AwsCredentialsProvider provider) {
  public InstallAwsCredentials {
    requireNonNull(provider, "provider is null");
  }

  @Override
  public String toString() {
    return "InstallAwsCredentials[" + provider.getClass().getSimpleName() + "]";
  }
}
