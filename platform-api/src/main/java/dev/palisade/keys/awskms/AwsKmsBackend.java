package dev.palisade.keys.awskms;

import dev.palisade.errors.PlatformException;
import dev.palisade.keys.KeyBackend;
import dev.palisade.keys.KeyProvider;
import dev.palisade.keys.KeysConfig;
import dev.palisade.net.OutboundGuard;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/**
 * AWS KMS (or a KMS-compatible endpoint), type {@code awskms}. An organization gives its own access
 * key, a role to assume with it, or (when the install allows it with {@code
 * palisade.keys.organization-awskms-assume-role}) a role that the install's own credentials assume
 * with the organization's id as external id; the server's credentials never sign a KMS call for an
 * organization. Its KMS and STS endpoints must be destinations the outbound guard lets through.
 */
@Singleton
public final class AwsKmsBackend implements KeyBackend<AwsKmsKeysConfig> {
  private final OutboundGuard guard;
  private final boolean installMayAssume;
  private final Clock clock;
  private final InstallAwsCredentials installCredentials;

  public AwsKmsBackend(
      OutboundGuard guard, KeysConfig keys, Clock clock, InstallAwsCredentials installCredentials) {
    this.guard = guard;
    this.installMayAssume = keys.organizationAwskmsAssumeRole();
    this.clock = clock;
    this.installCredentials = installCredentials;
  }

  @Override
  public String type() {
    return "awskms";
  }

  @Override
  public Class<AwsKmsKeysConfig> settingsType() {
    return AwsKmsKeysConfig.class;
  }

  @Override
  public AwsKmsKeysConfig settings(SettingsValues v) {
    String externalId = v.text("externalId");
    boolean installAssumes = v.text("roleArn", null) != null && v.text("accessKeyId", null) == null;
    if (installAssumes && v.owner() != null) {
      // the external id is the organization's own, so no organization can name another's
      if (externalId != null && !externalId.equals(v.owner())) {
        throw PlatformException.invalidField(
            "settings.externalId",
            "is this organization's id ("
                + v.owner()
                + ") when the install's credentials assume the role; leave it out");
      }
      externalId = v.owner();
    }
    return new AwsKmsKeysConfig(
        v.text("keyId"),
        v.text("region"),
        v.text("endpoint"),
        v.text("accessKeyId"),
        v.text("secretAccessKey"),
        v.text("roleArn"),
        externalId,
        v.text("stsEndpoint"),
        v.owner() == null ? "palisade-organization" : "palisade-" + v.owner(),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10));
  }

  @Override
  public void admitForOrganization(AwsKmsKeysConfig settings) {
    if (settings.accessKeyId() == null && !settings.assumesRole()) {
      throw PlatformException.invalidField(
          "settings.accessKeyId",
          "is required unless settings.roleArn is given: an organization's key is reached with its"
              + " own access key or role, never with the server's credentials");
    }
    if (settings.accessKeyId() == null && !installMayAssume) {
      throw PlatformException.invalidField(
          "settings.roleArn",
          "cannot be assumed with the install's own AWS credentials on this install ("
              + KeysConfig.ORGANIZATION_AWSKMS_ASSUME_ROLE
              + " is off); send the organization's accessKeyId and secretAccessKey with it");
    }
    if (settings.endpoint() != null) {
      guard.checkSetting(
          AwsKmsClients.CLIENT, URI.create(settings.endpoint()), "settings.endpoint");
    }
    if (settings.stsEndpoint() != null) {
      guard.checkSetting(
          AwsKmsClients.STS_CLIENT, URI.create(settings.stsEndpoint()), "settings.stsEndpoint");
    }
  }

  @Override
  public void checkForOrganization(KeyProvider provider) {
    if (provider instanceof AwsKmsKeyProvider kms) {
      kms.checkRole();
    }
  }

  @Override
  public KeyProvider create(AwsKmsKeysConfig settings) {
    return AwsKmsKeyProvider.create(settings, guard, clock, installCredentials.provider());
  }
}
