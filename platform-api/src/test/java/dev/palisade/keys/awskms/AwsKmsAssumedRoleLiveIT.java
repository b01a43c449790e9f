package dev.palisade.keys.awskms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.keys.KeyProvider;
import dev.palisade.keys.KeyProviderContract;
import dev.palisade.net.TestGuards;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The key provider contract on real AWS KMS through a real STS AssumeRole, when {@code
 * PALISADE_TEST_KMS_KEY_ID} names a symmetric key and {@code PALISADE_TEST_KMS_ROLE_ARN} a role
 * that may use it. The standard AWS environment ({@code AWS_ACCESS_KEY_ID}, {@code
 * AWS_SECRET_ACCESS_KEY}, {@code AWS_REGION}, profiles) supplies the credentials that assume the
 * role, as the install's own would; {@code PALISADE_TEST_KMS_EXTERNAL_ID} is sent as external id
 * and {@code PALISADE_TEST_STS_ENDPOINT} overrides the regional STS endpoint.
 */
@EnabledIfEnvironmentVariable(named = "PALISADE_TEST_KMS_KEY_ID", matches = ".+")
@EnabledIfEnvironmentVariable(named = "PALISADE_TEST_KMS_ROLE_ARN", matches = ".+")
class AwsKmsAssumedRoleLiveIT extends KeyProviderContract {
  private AwsKmsKeyProvider provider;
  private final List<AwsKmsKeyProvider> others = new ArrayList<>();

  @BeforeEach
  void connect() {
    provider = create(System.getenv("PALISADE_TEST_STS_ENDPOINT"));
  }

  @AfterEach
  void close() {
    provider.close();
    others.forEach(AwsKmsKeyProvider::close);
  }

  private static AwsKmsKeyProvider create(String stsEndpoint) {
    AwsKmsKeysConfig config =
        new AwsKmsKeysConfig(
            System.getenv("PALISADE_TEST_KMS_KEY_ID"),
            System.getenv("AWS_REGION"),
            System.getenv("PALISADE_TEST_KMS_ENDPOINT"),
            null,
            null,
            System.getenv("PALISADE_TEST_KMS_ROLE_ARN"),
            System.getenv("PALISADE_TEST_KMS_EXTERNAL_ID"),
            stsEndpoint,
            "palisade-live-test",
            Duration.ofSeconds(5),
            Duration.ofSeconds(10));
    return AwsKmsKeyProvider.create(
        config, TestGuards.any(), Clock.systemUTC(), DefaultCredentialsProvider.builder().build());
  }

  @Test
  void theRoleIsAssumedBeforeTheFirstKmsCall() {
    provider.checkRole();
    assertThat(provider.describe().settings())
        .containsEntry("roleArn", System.getenv("PALISADE_TEST_KMS_ROLE_ARN"))
        .containsEntry("credentials", "role assumed with the install's credentials");
  }

  @Override
  protected KeyProvider provider() {
    return provider;
  }

  @Override
  protected KeyProvider unreachableProvider() {
    AwsKmsKeyProvider down =
        create("http://127.0.0.1:" + AwsKmsKeyProviderAgainstProtocolStubTest.closedPort());
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
