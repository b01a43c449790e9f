package dev.palisade.keys.awskms;

import dev.palisade.errors.PlatformException;
import dev.palisade.keys.KeyBackend;
import dev.palisade.keys.KeyProvider;
import dev.palisade.net.OutboundGuard;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;

/**
 * AWS KMS (or a KMS-compatible endpoint), type {@code awskms}. An organization must give its own
 * access key (the server's credential chain never signs an organization's requests), and its
 * endpoint must be a destination the outbound guard lets through.
 */
@Singleton
public final class AwsKmsBackend implements KeyBackend<AwsKmsKeysConfig> {
  private final OutboundGuard guard;

  public AwsKmsBackend(OutboundGuard guard) {
    this.guard = guard;
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
    return new AwsKmsKeysConfig(
        v.text("keyId"),
        v.text("region"),
        v.text("endpoint"),
        v.text("accessKeyId"),
        v.text("secretAccessKey"),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10));
  }

  @Override
  public void admitForOrganization(AwsKmsKeysConfig settings) {
    if (settings.accessKeyId() == null) {
      throw PlatformException.invalidField(
          "settings.accessKeyId",
          "is required: an organization's key is reached with its own access key, never with"
              + " the server's credentials");
    }
    if (settings.endpoint() != null) {
      guard.checkSetting(
          AwsKmsClients.CLIENT, URI.create(settings.endpoint()), "settings.endpoint");
    }
  }

  @Override
  public KeyProvider create(AwsKmsKeysConfig settings) {
    return AwsKmsKeyProvider.create(settings, guard);
  }
}
