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
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.apache.ProxyConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Builds the KMS (and STS) clients from settings, and turns SDK failures into sanitized {@link
 * PlatformException}s: the message names the service, the operation and the service's error code,
 * never the request, the credentials or the service's message.
 */
final class AwsKmsClients {
  private static final Set<String> UNAVAILABLE =
      Set.of(
          "KeyUnavailableException",
          "DependencyTimeoutException",
          "KMSInternalException",
          "ThrottlingException",
          "Throttling",
          "IDPCommunicationError");

  private AwsKmsClients() {}

  /** The client name under which the outbound guard counts KMS refusals. */
  static final String CLIENT = "awskms";

  /** The client name under which the outbound guard counts STS refusals. */
  static final String STS_CLIENT = "awssts";

  /** The name of the service in failure messages. */
  static final String KMS = "AWS KMS";

  /**
   * A KMS client signed by {@code credentials}, on the SDK's Apache client whose DNS resolver is
   * {@code guard}.
   */
  static KmsClient build(
      AwsKmsKeysConfig config, OutboundGuard guard, AwsCredentialsProvider credentials) {
    return configure(KmsClient.builder(), config, guard, CLIENT, credentials, config.endpoint());
  }

  /**
   * Applies what every client of these settings shares: the connection goes to the address the
   * guard checked ({@code client} names it in refusals), redirects are not followed, no proxy from
   * system properties or the environment is used, and each attempt and call is bounded.
   */
  static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C configure(
      B builder,
      AwsKmsKeysConfig config,
      OutboundGuard guard,
      String client,
      AwsCredentialsProvider credentials,
      String endpoint) {
    builder
        .credentialsProvider(credentials)
        .httpClientBuilder(
            ApacheHttpClient.builder()
                .dnsResolver(guard.dnsResolver(client))
                .proxyConfiguration(
                    ProxyConfiguration.builder()
                        .useSystemPropertyValues(false)
                        .useEnvironmentVariableValues(false)
                        .build())
                .connectionTimeout(config.connectTimeout())
                .socketTimeout(config.requestTimeout()))
        .overrideConfiguration(
            o ->
                o.apiCallAttemptTimeout(config.requestTimeout())
                    .apiCallTimeout(config.requestTimeout().multipliedBy(3))
                    .addExecutionInterceptor(guard.sdkTracing(client)));
    if (config.region() != null) {
      builder.region(Region.of(config.region()));
    }
    if (endpoint != null) {
      builder.endpointOverride(URI.create(endpoint));
    }
    try {
      return builder.build();
    } catch (SdkClientException e) {
      throw PlatformException.invalidField(
          "palisade.keys.awskms.region", "is required when no default AWS region is configured");
    }
  }

  /** The static credentials of {@code config}; call only when it has an access key. */
  static AwsCredentialsProvider staticCredentials(AwsKmsKeysConfig config) {
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey()));
  }

  static <T> T call(String operation, Supplier<T> call) {
    return call(KMS, operation, call);
  }

  /**
   * Runs {@code call}, turning an SDK failure into a sanitized exception naming {@code service}.
   */
  static <T> T call(String service, String operation, Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw failure(service, operation, e);
    }
  }

  /**
   * The sanitized form of an SDK failure: unreachable, throttled or failing services are {@code
   * DEPENDENCY_UNAVAILABLE}, refusals {@code DEPENDENCY_FAILED}; a {@link PlatformException} among
   * the causes (the outbound guard's refusal, a role that could not be assumed) is passed on.
   */
  static PlatformException failure(String service, String operation, SdkException e) {
    PlatformException inner = platformCause(e);
    if (inner != null) {
      return inner;
    }
    if (e instanceof AwsServiceException s) {
      String code = errorCode(s);
      boolean unavailable = UNAVAILABLE.contains(code) || s.statusCode() >= 500;
      return new PlatformException(
          unavailable ? ErrorCode.DEPENDENCY_UNAVAILABLE : ErrorCode.DEPENDENCY_FAILED,
          service + " refused " + operation + " (" + code + ", HTTP " + s.statusCode() + ")");
    }
    if (e instanceof SdkClientException && hasIoCause(e)) {
      return new PlatformException(
          ErrorCode.DEPENDENCY_UNAVAILABLE, service + " did not answer " + operation);
    }
    if (e instanceof SdkClientException) {
      return new PlatformException(
          ErrorCode.DEPENDENCY_FAILED,
          service + " " + operation + " failed in the client (credentials, region or timeout)");
    }
    return new PlatformException(
        ErrorCode.DEPENDENCY_FAILED, service + " " + operation + " failed");
  }

  /** The service's error code when it is a plain word, else {@code unknown error}. */
  static String errorCode(AwsServiceException e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    return code != null && code.matches("[A-Za-z.]{1,64}") ? code : "unknown error";
  }

  private static PlatformException platformCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof PlatformException p) {
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
}
