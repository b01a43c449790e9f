package dev.palisade.keys.awskms;

import static dev.palisade.keys.KeyProviderSettings.requirePositive;
import static dev.palisade.keys.KeyProviderSettings.requireText;

import dev.palisade.errors.PlatformException;
import dev.palisade.keys.KeyProviderSettings;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.net.URI;
import java.time.Duration;

/**
 * An AWS KMS symmetric key that holds the KEK ({@code palisade.keys.awskms.*}): its key id, ARN,
 * alias name or alias ARN; the region (else the SDK's default region chain); an optional endpoint
 * (a VPC endpoint or a KMS-compatible service); static credentials, or else the SDK's default
 * credential chain (environment, profile, container or instance role); and timeouts. The secret
 * access key is never part of {@link #toString()}.
 */
@ConfigurationProperties("palisade.keys.awskms")
public record AwsKmsKeysConfig(
    String keyId,
    @Nullable String region,
    @Nullable String endpoint,
    @Nullable String accessKeyId,
    @Nullable String secretAccessKey,
    @Bindable(defaultValue = "5s") Duration connectTimeout,
    @Bindable(defaultValue = "10s") Duration requestTimeout)
    implements KeyProviderSettings {
  private static final String PREFIX = "palisade.keys.awskms.";

  public AwsKmsKeysConfig {
    requireText(keyId, PREFIX + "key-id");
    region = blankToNull(region);
    if (region != null && !region.matches("[a-z0-9-]{1,32}")) {
      // the region becomes part of the endpoint's host name when no endpoint is given
      throw PlatformException.invalidField(PREFIX + "region", "is not an AWS region name");
    }
    endpoint = blankToNull(endpoint);
    accessKeyId = blankToNull(accessKeyId);
    secretAccessKey = blankToNull(secretAccessKey);
    if ((accessKeyId == null) != (secretAccessKey == null)) {
      throw PlatformException.invalidField(
          PREFIX + (accessKeyId == null ? "access-key-id" : "secret-access-key"),
          "set access-key-id and secret-access-key together, or neither");
    }
    if (endpoint != null) {
      checkEndpoint(endpoint);
    }
    requirePositive(connectTimeout, PREFIX + "connect-timeout");
    requirePositive(requestTimeout, PREFIX + "request-timeout");
  }

  /** Settings with the default credential chain and timeouts. */
  public static AwsKmsKeysConfig of(String keyId, String region) {
    return new AwsKmsKeysConfig(
        keyId, region, null, null, null, Duration.ofSeconds(5), Duration.ofSeconds(10));
  }

  @Override
  public String type() {
    return "awskms";
  }

  @Override
  public String toString() {
    return "AwsKmsKeysConfig[keyId="
        + keyId
        + ", region="
        + region
        + ", endpoint="
        + endpoint
        + ", accessKeyId="
        + accessKeyId
        + ", secretAccessKey="
        + KeyProviderSettings.mask(secretAccessKey)
        + "]";
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static void checkEndpoint(String endpoint) {
    URI uri;
    try {
      uri = URI.create(endpoint);
    } catch (IllegalArgumentException e) {
      throw PlatformException.invalidField(PREFIX + "endpoint", "is not a URL");
    }
    boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
    if (!http || uri.getHost() == null || uri.getRawUserInfo() != null) {
      throw PlatformException.invalidField(
          PREFIX + "endpoint", "must be http(s)://host[:port] without credentials");
    }
  }
}
