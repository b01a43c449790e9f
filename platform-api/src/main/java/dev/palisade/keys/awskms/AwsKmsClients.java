package dev.palisade.keys.awskms;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.net.OutboundGuard;
import java.io.IOException;
import java.net.URI;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.apache.ProxyConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * Builds the KMS client from settings, and turns SDK failures into sanitized {@link
 * PlatformException}s: the message names the operation and KMS's error code, never the request, the
 * credentials or KMS's message.
 */
final class AwsKmsClients {
  private static final Set<String> UNAVAILABLE =
      Set.of(
          "KeyUnavailableException",
          "DependencyTimeoutException",
          "KMSInternalException",
          "ThrottlingException");

  private AwsKmsClients() {}

  /** The client name under which the outbound guard counts KMS refusals. */
  static final String CLIENT = "awskms";

  /**
   * A KMS client on the SDK's Apache client whose DNS resolver is {@code guard}: the connection
   * goes to the address the guard checked, redirects are not followed, no proxy from system
   * properties or the environment is used.
   */
  static KmsClient build(AwsKmsKeysConfig config, OutboundGuard guard) {
    KmsClientBuilder builder =
        KmsClient.builder()
            .credentialsProvider(credentials(config))
            .httpClient(
                ApacheHttpClient.builder()
                    .dnsResolver(guard.dnsResolver(CLIENT))
                    .proxyConfiguration(
                        ProxyConfiguration.builder()
                            .useSystemPropertyValues(false)
                            .useEnvironmentVariableValues(false)
                            .build())
                    .connectionTimeout(config.connectTimeout())
                    .socketTimeout(config.requestTimeout())
                    .build())
            .overrideConfiguration(
                o ->
                    o.apiCallAttemptTimeout(config.requestTimeout())
                        .apiCallTimeout(config.requestTimeout().multipliedBy(3)));
    if (config.region() != null) {
      builder.region(Region.of(config.region()));
    }
    if (config.endpoint() != null) {
      builder.endpointOverride(URI.create(config.endpoint()));
    }
    try {
      return builder.build();
    } catch (SdkClientException e) {
      throw PlatformException.invalidField(
          "palisade.keys.awskms.region", "is required when no default AWS region is configured");
    }
  }

  static <T> T call(String operation, Supplier<T> call) {
    try {
      return call.get();
    } catch (KmsException e) {
      String code = safe(e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode());
      boolean unavailable = UNAVAILABLE.contains(code) || e.statusCode() >= 500;
      throw new PlatformException(
          unavailable ? ErrorCode.DEPENDENCY_UNAVAILABLE : ErrorCode.DEPENDENCY_FAILED,
          "AWS KMS refused " + operation + " (" + code + ", HTTP " + e.statusCode() + ")");
    } catch (SdkClientException e) {
      PlatformException blocked = blockedCause(e);
      if (blocked != null) {
        throw blocked;
      }
      if (hasIoCause(e)) {
        throw new PlatformException(
            ErrorCode.DEPENDENCY_UNAVAILABLE, "AWS KMS did not answer " + operation);
      }
      throw new PlatformException(
          ErrorCode.DEPENDENCY_FAILED,
          "AWS KMS " + operation + " failed in the client (credentials, region or timeout)");
    } catch (SdkException e) {
      throw new PlatformException(ErrorCode.DEPENDENCY_FAILED, "AWS KMS " + operation + " failed");
    }
  }

  private static AwsCredentialsProvider credentials(AwsKmsKeysConfig config) {
    if (config.accessKeyId() != null) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey()));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  private static PlatformException blockedCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof PlatformException p && p.errorCode() == ErrorCode.OUTBOUND_BLOCKED) {
        return p;
      }
    }
    return null;
  }

  private static boolean hasIoCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return true;
      }
    }
    return false;
  }

  private static String safe(String code) {
    return code != null && code.matches("[A-Za-z.]{1,64}") ? code : "unknown error";
  }
}
