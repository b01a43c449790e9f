package dev.palisade.keys.awskms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.keys.DataKey;
import dev.palisade.keys.KeyProvider;
import dev.palisade.keys.KeyProviderContract;
import dev.palisade.keys.WrappedKey;
import dev.palisade.net.OutboundGuard;
import dev.palisade.net.TestGuards;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The key provider contract through the real AWS SDK against {@link KmsProtocolStub}, an in-process
 * server speaking the KMS JSON protocol; {@code AwsKmsKeyProviderLiveIT} runs it on real KMS.
 * Rotation here is what an operator does with aliases: point the alias at a new key, then rewrap.
 */
class AwsKmsKeyProviderAgainstProtocolStubTest extends KeyProviderContract {
  static final String ACCESS_KEY_ID = "AKIAPALISADETEST7Q2X";
  static final String SECRET = "planted/kms+secret/Zx81Lq0pW3vR9tY5uI2oP7aS4dF6gH8jK";
  static final String ALIAS = "alias/palisade-test";

  private KmsProtocolStub kms;
  private String firstArn;
  private AwsKmsKeyProvider provider;
  private final List<AwsKmsKeyProvider> others = new ArrayList<>();

  @BeforeEach
  void startKms() throws IOException {
    kms = KmsProtocolStub.start(ACCESS_KEY_ID);
    firstArn = kms.createKey();
    kms.alias(ALIAS, firstArn);
    provider = create(config(kms.endpoint(), ACCESS_KEY_ID), TestGuards.loopback());
  }

  @AfterEach
  void stopKms() {
    provider.close();
    others.forEach(AwsKmsKeyProvider::close);
    kms.close();
  }

  /** A provider on the default credential chain and the system clock, as a live test uses. */
  static AwsKmsKeyProvider create(AwsKmsKeysConfig config, OutboundGuard guard) {
    return AwsKmsKeyProvider.create(
        config, guard, Clock.systemUTC(), DefaultCredentialsProvider.builder().build());
  }

  static AwsKmsKeysConfig config(String endpoint, String accessKeyId) {
    return new AwsKmsKeysConfig(
        ALIAS,
        KmsProtocolStub.REGION,
        endpoint,
        accessKeyId,
        SECRET,
        null,
        null,
        null,
        "palisade-install",
        Duration.ofSeconds(1),
        Duration.ofSeconds(2));
  }

  @Override
  protected KeyProvider provider() {
    return provider;
  }

  @Override
  protected KeyProvider unreachableProvider() {
    AwsKmsKeyProvider down =
        create(config("http://127.0.0.1:" + closedPort(), ACCESS_KEY_ID), TestGuards.loopback());
    others.add(down);
    return down;
  }

  @Override
  protected Optional<KeyProvider> rotateKek() {
    kms.alias(ALIAS, kms.createKey());
    return Optional.of(provider);
  }

  @Override
  protected List<String> plantedSecrets() {
    return List.of(SECRET);
  }

  @Test
  void kekVersionIsTheKeyArnThatKmsReports() {
    WrappedKey wrapped = provider.wrap(new byte[32], CONTEXT);
    assertThat(wrapped.keyId()).isEqualTo(ALIAS);
    assertThat(wrapped.kekVersion()).isEqualTo(firstArn);
  }

  @Test
  void generateAsksKmsForTheDataKey() {
    DataKey key = provider.generate(CONTEXT);
    assertThat(kms.targets()).containsExactly("TrentService.GenerateDataKey");
    assertThat(key.wrapped().kekVersion()).isEqualTo(firstArn);
    assertThat(provider.unwrap(key.wrapped(), CONTEXT)).isEqualTo(key.plaintext());
  }

  @Test
  void rewrapIsReEncryptInsideKms() {
    WrappedKey wrapped = provider.wrap(new byte[32], CONTEXT);
    provider.rewrap(wrapped, CONTEXT);
    assertThat(kms.targets()).containsExactly("TrentService.Encrypt", "TrentService.ReEncrypt");
  }

  @Test
  void anotherContextIsRefusedByKmsAsInvalidCiphertext() {
    WrappedKey wrapped = provider.wrap(new byte[32], CONTEXT);
    PlatformException e = refused(() -> provider.unwrap(wrapped, OTHER_CONTEXT));
    assertThat(e.getMessage())
        .isEqualTo("AWS KMS refused Decrypt (InvalidCiphertextException, HTTP 400)");
  }

  @Test
  void unknownAccessKeyIsRefusedWithoutShowingTheSecret() {
    try (AwsKmsKeyProvider other =
        create(config(kms.endpoint(), "AKIAUNKNOWNKEY000000"), TestGuards.loopback())) {
      PlatformException e = refused(() -> other.wrap(new byte[32], CONTEXT));
      assertThat(e.errorCode()).isEqualTo(ErrorCode.DEPENDENCY_FAILED);
      assertThat(e.getMessage()).contains("UnrecognizedClientException").doesNotContain(SECRET);
    }
  }

  @Test
  void missingKeyIsNotFound() {
    kms.alias(ALIAS, "arn:aws:kms:eu-west-1:111122223333:key/deleted");
    PlatformException e = refused(() -> provider.wrap(new byte[32], CONTEXT));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.DEPENDENCY_FAILED);
    assertThat(e.getMessage()).isEqualTo("AWS KMS refused Encrypt (NotFoundException, HTTP 400)");
  }

  static int closedPort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
