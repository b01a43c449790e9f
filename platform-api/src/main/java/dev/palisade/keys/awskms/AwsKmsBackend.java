package dev.palisade.keys.awskms;

import dev.palisade.keys.KeyBackend;
import dev.palisade.keys.KeyProvider;
import jakarta.inject.Singleton;
import java.time.Duration;

/** AWS KMS (or a KMS-compatible endpoint), type {@code awskms}. */
@Singleton
public final class AwsKmsBackend implements KeyBackend<AwsKmsKeysConfig> {
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
  public KeyProvider create(AwsKmsKeysConfig settings) {
    return AwsKmsKeyProvider.create(settings);
  }
}
