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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An AWS KMS symmetric key that holds the KEK ({@code palisade.keys.awskms.*}): its key id, ARN,
 * alias name or alias ARN; the region (else the SDK's default region chain); an optional endpoint
 * (a VPC endpoint or a KMS-compatible service); static credentials, or else the SDK's default
 * credential chain (environment, profile, container or instance role); optionally a role to assume
 * with those credentials ({@code role-arn}, with an {@code external-id}, an STS endpoint override
 * and the session name the role's CloudTrail entries carry); and timeouts. The secret access key
 * and the external id are never part of {@link #toString()}.
 */
@ConfigurationProperties("palisade.keys.awskms")
public record AwsKmsKeysConfig(
    String keyId,
    @Nullable String region,
    @Nullable String endpoint,
    @Nullable String accessKeyId,
    @Nullable String secretAccessKey,
    @Nullable String roleArn,
    @Nullable String externalId,
    @Nullable String stsEndpoint,
    @Bindable(defaultValue = "palisade-install") String roleSessionName,
    @Bindable(defaultValue = "5s") Duration connectTimeout,
    @Bindable(defaultValue = "10s") Duration requestTimeout)
    implements KeyProviderSettings {
  private static final String PREFIX = "palisade.keys.awskms.";

  /** {@code arn:<partition>:iam::<account>:role/<path/name>}, path and name at most 512. */
  private static final Pattern ROLE_ARN =
      Pattern.compile("arn:aws(-[a-z]+)*:iam::[0-9]{12}:role/((?:[\\w+=,.@-]+/)*[\\w+=,.@-]+)");

  private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");
  private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");

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
      checkEndpoint(endpoint, "endpoint");
    }
    roleArn = blankToNull(roleArn);
    externalId = blankToNull(externalId);
    stsEndpoint = blankToNull(stsEndpoint);
    checkRole(roleArn, externalId, stsEndpoint);
    if (roleSessionName == null || !SESSION_NAME.matcher(roleSessionName).matches()) {
      throw PlatformException.invalidField(
          PREFIX + "role-session-name",
          "must be 2 to 64 characters of letters, digits and +=,.@_-");
    }
    requirePositive(connectTimeout, PREFIX + "connect-timeout");
    requirePositive(requestTimeout, PREFIX + "request-timeout");
  }

  /** Settings with the default credential chain and timeouts. */
  public static AwsKmsKeysConfig of(String keyId, String region) {
    return new AwsKmsKeysConfig(
        keyId,
        region,
        null,
        null,
        null,
        null,
        null,
        null,
        "palisade-install",
        Duration.ofSeconds(5),
        Duration.ofSeconds(10));
  }

  /** Whether a role is assumed, with the static keys or the default chain. */
  public boolean assumesRole() {
    return roleArn != null;
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
        + ", roleArn="
        + roleArn
        + ", externalId="
        + KeyProviderSettings.mask(externalId)
        + ", stsEndpoint="
        + stsEndpoint
        + "]";
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static void checkRole(String roleArn, String externalId, String stsEndpoint) {
    if (roleArn == null) {
      if (externalId != null || stsEndpoint != null) {
        throw PlatformException.invalidField(
            PREFIX + (externalId != null ? "external-id" : "sts-endpoint"),
            "is used only with role-arn");
      }
      return;
    }
    Matcher m = ROLE_ARN.matcher(roleArn);
    if (roleArn.length() > 600 || !m.matches() || m.group(2).length() > 512) {
      throw PlatformException.invalidField(
          PREFIX + "role-arn",
          "must be an IAM role ARN, arn:aws:iam::<12-digit account>:role/<path/name> (at most 512"
              + " characters after role/)");
    }
    if (externalId != null && !EXTERNAL_ID.matcher(externalId).matches()) {
      throw PlatformException.invalidField(
          PREFIX + "external-id", "must be 2 to 1224 characters of letters, digits and +=,.@:/_-");
    }
    if (stsEndpoint != null) {
      checkEndpoint(stsEndpoint, "sts-endpoint");
    }
  }

  private static void checkEndpoint(String endpoint, String setting) {
    URI uri;
    try {
      uri = URI.create(endpoint);
    } catch (IllegalArgumentException e) {
      throw PlatformException.invalidField(PREFIX + setting, "is not a URL");
    }
    boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
    if (!http || uri.getHost() == null || uri.getRawUserInfo() != null) {
      throw PlatformException.invalidField(
          PREFIX + setting, "must be http(s)://host[:port] without credentials");
    }
  }
}
