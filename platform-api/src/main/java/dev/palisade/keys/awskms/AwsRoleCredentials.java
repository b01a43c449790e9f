package dev.palisade.keys.awskms;

import static java.util.Objects.requireNonNull;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.net.OutboundGuard;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The temporary credentials of a role, assumed with STS {@code AssumeRole} by {@code base} (the
 * organization's own access key, or the install's credentials) and kept until {@link #REFRESH}
 * before they expire by {@code clock}; then the next use assumes the role again. If that fails
 * while the held credentials are still valid they keep serving, otherwise the use fails closed with
 * a sanitized {@link PlatformException}. Thread-safe; the secret and the session token never leave
 * the SDK's signer.
 */
final class AwsRoleCredentials implements AwsCredentialsProvider, AutoCloseable {
  /** How long an assumed session lasts: one hour, the default maximum of every role. */
  static final Duration DURATION = Duration.ofHours(1);

  /** How long before expiry the credentials are renewed. */
  static final Duration REFRESH = Duration.ofMinutes(5);

  private static final String STS = "AWS STS";
  private static final Set<String> KEYS_REFUSED =
      Set.of("InvalidClientTokenId", "SignatureDoesNotMatch", "UnrecognizedClientException");

  private final AwsKmsKeysConfig config;
  private final boolean ownKeys;
  private final StsClient sts;
  private final Clock clock;
  private volatile Held held;

  private record Held(AwsSessionCredentials credentials, Instant expiration) {}

  AwsRoleCredentials(
      AwsKmsKeysConfig config, AwsCredentialsProvider base, OutboundGuard guard, Clock clock) {
    this.config = requireNonNull(config, "config is null");
    this.ownKeys = config.accessKeyId() != null;
    this.clock = requireNonNull(clock, "clock is null");
    this.sts =
        AwsKmsClients.configure(
            StsClient.builder(),
            config,
            guard,
            AwsKmsClients.STS_CLIENT,
            requireNonNull(base, "base is null"),
            config.stsEndpoint());
  }

  @Override
  public AwsCredentials resolveCredentials() {
    Held h = held;
    if (h != null && clock.instant().isBefore(h.expiration().minus(REFRESH))) {
      return h.credentials();
    }
    synchronized (this) {
      Held current = held;
      Instant now = clock.instant();
      if (current != null && now.isBefore(current.expiration().minus(REFRESH))) {
        return current.credentials();
      }
      try {
        return assume(AwsKmsClients.call(STS, "AssumeRole", this::assumeRole)).credentials();
      } catch (PlatformException e) {
        if (current != null && now.isBefore(current.expiration())) {
          return current.credentials();
        }
        throw e;
      }
    }
  }

  /**
   * Assumes the role now, for settings an organization admin is about to store: STS refusing the
   * role, the external id or the organization's key is a 422 naming the setting; an unreachable
   * STS, or the install's own credentials refused, is a 502/503 as at runtime.
   */
  synchronized void check() {
    try {
      assume(assumeRole());
    } catch (StsException e) {
      throw refusal(e);
    } catch (SdkException e) {
      throw AwsKmsClients.failure(STS, "AssumeRole", e);
    }
  }

  private PlatformException refusal(StsException e) {
    String code = AwsKmsClients.errorCode(e);
    String what = "AWS STS refused AssumeRole (" + code + ", HTTP " + e.statusCode() + ")";
    if (e.statusCode() >= 500 || code.startsWith("Throttling")) {
      return AwsKmsClients.failure(STS, "AssumeRole", e);
    }
    if (KEYS_REFUSED.contains(code)) {
      return ownKeys
          ? PlatformException.invalidField(
              "settings.accessKeyId", what + ": the access key or its secret is not valid")
          : new PlatformException(
              ErrorCode.DEPENDENCY_FAILED, what + ": the install's AWS credentials were refused");
    }
    String externalId =
        ownKeys
            ? "with settings.externalId"
            : "with the organization's id (" + config.externalId() + ") as external id";
    return PlatformException.invalidField(
        "settings.roleArn",
        what
            + ": the role must exist and its trust policy must let "
            + (ownKeys ? "the principal of settings.accessKeyId" : "this install's AWS principal")
            + " assume it "
            + externalId);
  }

  private AssumeRoleResponse assumeRole() {
    return sts.assumeRole(
        b ->
            b.roleArn(config.roleArn())
                .roleSessionName(config.roleSessionName())
                .externalId(config.externalId())
                .durationSeconds((int) DURATION.toSeconds()));
  }

  private Held assume(AssumeRoleResponse r) {
    Credentials c = r.credentials();
    if (c == null || c.accessKeyId() == null || c.sessionToken() == null) {
      throw new PlatformException(
          ErrorCode.DEPENDENCY_FAILED, "AWS STS answered AssumeRole without credentials");
    }
    Instant expiration = c.expiration() == null ? clock.instant().plus(DURATION) : c.expiration();
    Held h =
        new Held(
            AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken()),
            expiration);
    held = h;
    return h;
  }

  @Override
  public void close() {
    sts.close();
  }

  @Override
  public String toString() {
    return "AwsRoleCredentials[roleArn=" + config.roleArn() + "]";
  }
}
