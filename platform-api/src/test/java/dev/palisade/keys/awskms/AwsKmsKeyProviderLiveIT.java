package dev.palisade.keys.awskms;

import dev.palisade.keys.KeyProvider;
import dev.palisade.keys.KeyProviderContract;
import dev.palisade.net.TestGuards;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The key provider contract on real AWS KMS (or a KMS-compatible endpoint), when {@code
 * PALISADE_TEST_KMS_KEY_ID} names a symmetric key. Credentials and region come from the standard
 * AWS environment ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_REGION},
 * profiles or roles); {@code PALISADE_TEST_KMS_ENDPOINT} overrides the endpoint. The key is not
 * rotated.
 */
@EnabledIfEnvironmentVariable(named = "PALISADE_TEST_KMS_KEY_ID", matches = ".+")
class AwsKmsKeyProviderLiveIT extends KeyProviderContract {
  private AwsKmsKeyProvider provider;
  private final List<AwsKmsKeyProvider> others = new ArrayList<>();

  @BeforeEach
  void connect() {
    provider =
        AwsKmsKeyProviderAgainstProtocolStubTest.create(
            config(System.getenv("PALISADE_TEST_KMS_ENDPOINT")), TestGuards.any());
  }

  @AfterEach
  void close() {
    provider.close();
    others.forEach(AwsKmsKeyProvider::close);
  }

  private static AwsKmsKeysConfig config(String endpoint) {
    return new AwsKmsKeysConfig(
        System.getenv("PALISADE_TEST_KMS_KEY_ID"),
        System.getenv("AWS_REGION"),
        endpoint,
        null,
        null,
        null,
        null,
        null,
        "palisade-install",
        Duration.ofSeconds(5),
        Duration.ofSeconds(10));
  }

  @Override
  protected KeyProvider provider() {
    return provider;
  }

  @Override
  protected KeyProvider unreachableProvider() {
    AwsKmsKeyProvider down =
        AwsKmsKeyProviderAgainstProtocolStubTest.create(
            config("http://127.0.0.1:" + AwsKmsKeyProviderAgainstProtocolStubTest.closedPort()),
            TestGuards.any());
    others.add(down);
    return down;
  }

  @Override
  protected Optional<KeyProvider> rotateKek() {
    return Optional.empty();
  }

  @Override
  protected List<String> plantedSecrets() {
    String secret = System.getenv("AWS_SECRET_ACCESS_KEY");
    return secret == null || secret.isBlank() ? List.of() : List.of(secret);
  }
}
