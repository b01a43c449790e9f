package dev.palisade.keys.awskms;

import static java.util.Objects.requireNonNull;

import dev.palisade.keys.DataKey;
import dev.palisade.keys.KeyProvider;
import dev.palisade.keys.KeyProviderSettings;
import dev.palisade.keys.ProviderDescription;
import dev.palisade.keys.WrappedKey;
import dev.palisade.net.OutboundGuard;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.ReEncryptResponse;

/**
 * A KEK held by AWS KMS. {@link #generate} is {@code GenerateDataKey} (AES_256), wrap {@code
 * Encrypt}, unwrap {@code Decrypt} and {@link #rewrap} {@code ReEncrypt}, so rotation never brings
 * the data key out of KMS. The context travels as the encryption context {@code palisade:context}
 * (base64), which KMS binds to the ciphertext. The KEK version is the key ARN that KMS reports:
 * pointing an alias at a new key and rewrapping moves keys to it; KMS's own yearly rotation keeps
 * the ARN and needs no rewrap. With a role in the settings every KMS call is signed by the role's
 * temporary credentials ({@link AwsRoleCredentials}), never by the credentials that assumed it.
 * Thread-safe; {@link #close()} releases the HTTP clients.
 */
public final class AwsKmsKeyProvider implements KeyProvider, AutoCloseable {
  static final String CONTEXT_KEY = "palisade:context";

  private final AwsKmsKeysConfig config;
  private final AwsRoleCredentials role;
  private final KmsClient kms;

  private AwsKmsKeyProvider(AwsKmsKeysConfig config, AwsRoleCredentials role, KmsClient kms) {
    this.config = config;
    this.role = role;
    this.kms = kms;
  }

  /**
   * A provider for {@code config} whose connections pass {@code guard}, signed by the static keys
   * of {@code config}, else by {@code installCredentials} (the server's own); with a role, those
   * only assume it and {@code clock} times the renewal. Builds the clients but contacts nothing.
   */
  public static AwsKmsKeyProvider create(
      AwsKmsKeysConfig config,
      OutboundGuard guard,
      Clock clock,
      AwsCredentialsProvider installCredentials) {
    requireNonNull(config, "config is null");
    requireNonNull(guard, "guard is null");
    AwsCredentialsProvider base =
        config.accessKeyId() != null
            ? AwsKmsClients.staticCredentials(config)
            : requireNonNull(installCredentials, "installCredentials is null");
    if (!config.assumesRole()) {
      return new AwsKmsKeyProvider(config, null, AwsKmsClients.build(config, guard, base));
    }
    AwsRoleCredentials role = new AwsRoleCredentials(config, base, guard, clock);
    return new AwsKmsKeyProvider(config, role, AwsKmsClients.build(config, guard, role));
  }

  /**
   * Assumes the role of the settings now, if they name one (see {@link AwsRoleCredentials#check}):
   * a refusal that points at a setting is a 422 naming it.
   */
  void checkRole() {
    if (role != null) {
      role.check();
    }
  }

  @Override
  public String type() {
    return "awskms";
  }

  @Override
  public DataKey generate(byte[] context) {
    GenerateDataKeyResponse r =
        AwsKmsClients.call(
            "GenerateDataKey",
            () ->
                kms.generateDataKey(
                    b ->
                        b.keyId(config.keyId())
                            .keySpec(DataKeySpec.AES_256)
                            .encryptionContext(context(context))));
    byte[] plaintext = r.plaintext().asByteArray();
    return new DataKey(plaintext, wrapped(r.keyId(), r.ciphertextBlob()));
  }

  @Override
  public WrappedKey wrap(byte[] dataKey, byte[] context) {
    EncryptResponse r =
        AwsKmsClients.call(
            "Encrypt",
            () ->
                kms.encrypt(
                    b ->
                        b.keyId(config.keyId())
                            .plaintext(SdkBytes.fromByteArray(dataKey))
                            .encryptionContext(context(context))));
    return wrapped(r.keyId(), r.ciphertextBlob());
  }

  @Override
  public byte[] unwrap(WrappedKey wrapped, byte[] context) {
    DecryptResponse r =
        AwsKmsClients.call(
            "Decrypt",
            () ->
                kms.decrypt(
                    b ->
                        b.keyId(wrapped.kekVersion())
                            .ciphertextBlob(SdkBytes.fromByteArray(wrapped.ciphertext()))
                            .encryptionContext(context(context))));
    return r.plaintext().asByteArray();
  }

  @Override
  public WrappedKey rewrap(WrappedKey wrapped, byte[] context) {
    ReEncryptResponse r =
        AwsKmsClients.call(
            "ReEncrypt",
            () ->
                kms.reEncrypt(
                    b ->
                        b.sourceKeyId(wrapped.kekVersion())
                            .destinationKeyId(config.keyId())
                            .ciphertextBlob(SdkBytes.fromByteArray(wrapped.ciphertext()))
                            .sourceEncryptionContext(context(context))
                            .destinationEncryptionContext(context(context))));
    return wrapped(r.keyId(), r.ciphertextBlob());
  }

  @Override
  public ProviderDescription describe() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("region", config.region() == null ? "(default chain)" : config.region());
    if (config.endpoint() != null) {
      settings.put("endpoint", config.endpoint());
    }
    String keys = config.accessKeyId() == null ? "default chain" : "static";
    if (config.assumesRole()) {
      settings.put("roleArn", config.roleArn());
      if (config.externalId() != null) {
        settings.put("externalId", shownExternalId());
      }
      if (config.stsEndpoint() != null) {
        settings.put("stsEndpoint", config.stsEndpoint());
      }
      keys =
          config.accessKeyId() == null
              ? "role assumed with the install's credentials"
              : "role assumed with static keys";
    }
    settings.put("credentials", keys);
    return new ProviderDescription(type(), config.keyId(), settings);
  }

  /**
   * The external id as shown: in full when the install's credentials assume the role (it is then
   * the organization's id, which the customer writes into the trust policy), else masked.
   */
  private String shownExternalId() {
    return config.accessKeyId() == null
        ? config.externalId()
        : KeyProviderSettings.mask(config.externalId());
  }

  @Override
  public void close() {
    kms.close();
    if (role != null) {
      role.close();
    }
  }

  @Override
  public String toString() {
    return "AwsKmsKeyProvider[keyId=" + config.keyId() + ", region=" + config.region() + "]";
  }

  private static Map<String, String> context(byte[] context) {
    return Map.of(CONTEXT_KEY, Base64.getEncoder().encodeToString(context));
  }

  private WrappedKey wrapped(String arn, SdkBytes blob) {
    return new WrappedKey(type(), config.keyId(), arn, blob.asByteArray());
  }
}
