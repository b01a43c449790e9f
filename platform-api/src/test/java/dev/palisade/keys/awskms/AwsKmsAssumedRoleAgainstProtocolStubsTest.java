package dev.palisade.keys.awskms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.keys.KeyProvider;
import dev.palisade.keys.KeyProviderContract;
import dev.palisade.net.TestGuards;
import dev.palisade.testing.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A KMS key reached through an assumed role, through the real AWS SDK against {@link
 * StsProtocolStub} and a {@link KmsProtocolStub} that takes only the temporary credentials STS
 * issued: the AssumeRole request, the renewal before expiry by the injected clock, and the
 * sanitized failures; and the key provider contract in this mode.
 */
class AwsKmsAssumedRoleAgainstProtocolStubsTest extends KeyProviderContract {
  static final String ORG_KEY = "AKIAORGANIZATION0001";
  static final String ORG_SECRET = "planted/org+secret/Qm31Xc9vB2nL7kJ4hG6fD8sA0pO5iU";
  static final String INSTALL_KEY = "AKIAINSTALLPRINCIPAL";
  static final String ROLE = "arn:aws:iam::111122223333:role/palisade/acme-kms";
  static final String EXTERNAL_ID = "acme-external-8c1f";
  static final String SESSION = "palisade-4d1d6c1e-8f0a-4a57-9c55-6b1a3f0b2c11";

  private final TestClock clock = new TestClock();
  private StsProtocolStub sts;
  private KmsProtocolStub kms;
  private final List<AwsKmsKeyProvider> providers = new ArrayList<>();
  private AwsKmsKeyProvider contract;

  @BeforeEach
  void start() throws Exception {
    sts = StsProtocolStub.start(clock);
    sts.principal(ORG_KEY, ORG_SECRET);
    sts.principal(INSTALL_KEY, "install-secret");
    sts.role(ROLE, ORG_KEY, EXTERNAL_ID);
    kms = KmsProtocolStub.acceptingOnly(sts);
    kms.alias(AwsKmsKeyProviderAgainstProtocolStubTest.ALIAS, kms.createKey());
    contract = provider(ORG_KEY, ORG_SECRET, EXTERNAL_ID);
  }

  @Override
  protected KeyProvider provider() {
    return contract;
  }

  @Override
  protected KeyProvider unreachableProvider() {
    return provider(
        ORG_KEY,
        ORG_SECRET,
        EXTERNAL_ID,
        "http://127.0.0.1:" + AwsKmsKeyProviderAgainstProtocolStubTest.closedPort());
  }

  @Override
  protected Optional<KeyProvider> rotateKek() {
    kms.alias(AwsKmsKeyProviderAgainstProtocolStubTest.ALIAS, kms.createKey());
    return Optional.of(contract);
  }

  @Override
  protected List<String> plantedSecrets() {
    List<String> planted = new ArrayList<>(List.of(ORG_SECRET, EXTERNAL_ID));
    for (StsProtocolStub.Issued i : sts.issued()) {
      planted.add(i.secret());
      planted.add(i.token());
    }
    return planted;
  }

  @AfterEach
  void stop() {
    providers.forEach(AwsKmsKeyProvider::close);
    kms.close();
    sts.close();
  }

  private AwsKmsKeyProvider provider(String accessKey, String secret, String externalId) {
    return provider(accessKey, secret, externalId, sts.endpoint());
  }

  private AwsKmsKeyProvider provider(
      String accessKey, String secret, String externalId, String stsEndpoint) {
    AwsKmsKeysConfig config = config(accessKey, secret, ROLE, externalId, stsEndpoint);
    AwsKmsKeyProvider p =
        AwsKmsKeyProvider.create(
            config,
            TestGuards.loopback(),
            clock,
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(INSTALL_KEY, "install-secret")));
    providers.add(p);
    return p;
  }

  private AwsKmsKeysConfig config(
      String accessKey, String secret, String role, String externalId, String stsEndpoint) {
    return new AwsKmsKeysConfig(
        AwsKmsKeyProviderAgainstProtocolStubTest.ALIAS,
        KmsProtocolStub.REGION,
        kms.endpoint(),
        accessKey,
        secret,
        role,
        externalId,
        stsEndpoint,
        SESSION,
        Duration.ofSeconds(1),
        Duration.ofSeconds(2));
  }

  private static void roundTrip(AwsKmsKeyProvider p) {
    byte[] key = new byte[32];
    key[0] = 7;
    assertThat(p.unwrap(p.wrap(key, new byte[] {1}), new byte[] {1})).isEqualTo(key);
  }

  @Test
  void kmsIsCalledWithTheRolesTemporaryCredentialsOnly() {
    AwsKmsKeyProvider p = provider(ORG_KEY, ORG_SECRET, EXTERNAL_ID);
    roundTrip(p);

    assertThat(sts.calls()).hasSize(1);
    StsProtocolStub.Call call = sts.calls().get(0);
    assertThat(call.signedBy()).isEqualTo(ORG_KEY);
    assertThat(call.region()).isEqualTo(KmsProtocolStub.REGION);
    assertThat(call.form())
        .containsEntry("Action", "AssumeRole")
        .containsEntry("RoleArn", ROLE)
        .containsEntry("RoleSessionName", SESSION)
        .containsEntry("ExternalId", EXTERNAL_ID)
        .containsEntry("DurationSeconds", "3600");
    String issued = sts.issued().get(0).accessKeyId();
    assertThat(kms.signers()).isNotEmpty().allMatch(issued::equals);
    assertThat(p.describe().settings())
        .containsEntry("roleArn", ROLE)
        .containsEntry("externalId", "***")
        .containsEntry("credentials", "role assumed with static keys");
  }

  @Test
  void theCredentialsAreRenewedBeforeTheyExpireAndTheOldOnesAreNotUsedAfter() {
    AwsKmsKeyProvider p = provider(ORG_KEY, ORG_SECRET, EXTERNAL_ID);
    roundTrip(p);
    clock.advance(Duration.ofMinutes(50));
    roundTrip(p);
    assertThat(sts.calls()).as("still fresh at 50 minutes").hasSize(1);

    clock.advance(Duration.ofMinutes(6));
    roundTrip(p);
    assertThat(sts.calls()).as("renewed within five minutes of expiry").hasSize(2);
    clock.advance(Duration.ofMinutes(10));
    roundTrip(p);
    assertThat(sts.calls()).hasSize(2);
    String renewed =
        sts.issued().stream()
            .filter(i -> i.expiration().isAfter(clock.instant()))
            .findFirst()
            .orElseThrow()
            .accessKeyId();
    List<String> signers = kms.signers();
    assertThat(signers.get(signers.size() - 1)).isEqualTo(renewed);
  }

  @Test
  void aWrongExternalIdIsA422NamingTheRoleAndItsExternalId() {
    AwsKmsKeyProvider p = provider(ORG_KEY, ORG_SECRET, "not-the-agreed-id");
    PlatformException e = catchThrowableOfType(p::checkRole, PlatformException.class);
    assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_FIELD);
    assertThat(e.field()).hasValue("settings.roleArn");
    assertThat(e.getMessage())
        .contains("AccessDenied", "HTTP 403", "settings.externalId")
        .doesNotContain("not-the-agreed-id")
        .doesNotContain(ORG_SECRET);
    assertThat(kms.signers()).isEmpty();
  }

  @Test
  void aRefusedAccessKeyIsA422NamingIt() {
    AwsKmsKeyProvider p = provider("AKIAUNKNOWNKEY000001", ORG_SECRET, EXTERNAL_ID);
    PlatformException e = catchThrowableOfType(p::checkRole, PlatformException.class);
    assertThat(e.field()).hasValue("settings.accessKeyId");
    assertThat(e.getMessage()).contains("InvalidClientTokenId").doesNotContain(ORG_SECRET);

    AwsKmsKeyProvider wrongSecret = provider(ORG_KEY, "not-the-secret-of-this-key", EXTERNAL_ID);
    PlatformException s = catchThrowableOfType(wrongSecret::checkRole, PlatformException.class);
    assertThat(s.field()).hasValue("settings.accessKeyId");
    assertThat(s.getMessage()).contains("SignatureDoesNotMatch");
  }

  @Test
  void kmsRefusesTheTemporaryAccessKeySignedWithAnotherSecret() {
    roundTrip(contract);
    StsProtocolStub.Issued issued = sts.issued().get(0);
    AwsKmsKeysConfig config = config(null, null, null, null, null);
    AwsKmsKeyProvider forged =
        AwsKmsKeyProvider.create(
            config,
            TestGuards.loopback(),
            clock,
            StaticCredentialsProvider.create(
                AwsSessionCredentials.create(
                    issued.accessKeyId(), issued.secret() + "x", issued.token())));
    providers.add(forged);
    PlatformException e =
        catchThrowableOfType(
            () -> forged.wrap(new byte[32], new byte[] {1}), PlatformException.class);
    assertThat(e.getMessage()).contains("InvalidSignatureException");
  }

  @Test
  void theInstallsCredentialsAssumeTheRoleWhenTheSettingsHaveNoKeys() {
    sts.role(ROLE, INSTALL_KEY, EXTERNAL_ID);
    AwsKmsKeyProvider p = provider(null, null, EXTERNAL_ID);
    p.checkRole();
    roundTrip(p);
    assertThat(sts.calls()).extracting(StsProtocolStub.Call::signedBy).containsOnly(INSTALL_KEY);
    assertThat(kms.signers()).doesNotContain(INSTALL_KEY, ORG_KEY);
    assertThat(p.describe().settings())
        .containsEntry("externalId", EXTERNAL_ID)
        .containsEntry("credentials", "role assumed with the install's credentials");
  }

  @Test
  void aRoleThatCanNoLongerBeAssumedFailsClosedAfterTheHeldCredentialsExpire() {
    AwsKmsKeyProvider p = provider(ORG_KEY, ORG_SECRET, EXTERNAL_ID);
    roundTrip(p);
    sts.deleteRole(ROLE);
    clock.advance(Duration.ofMinutes(57));
    roundTrip(p);
    clock.advance(Duration.ofMinutes(4));
    PlatformException e =
        catchThrowableOfType(() -> p.wrap(new byte[32], new byte[] {1}), PlatformException.class);
    assertThat(e.errorCode()).isEqualTo(ErrorCode.DEPENDENCY_FAILED);
    assertThat(e.getMessage()).isEqualTo("AWS STS refused AssumeRole (AccessDenied, HTTP 403)");
  }

  @Test
  void anUnreachableStsIsUnavailableAndNamesNoSecret() {
    AwsKmsKeyProvider p =
        provider(
            ORG_KEY,
            ORG_SECRET,
            EXTERNAL_ID,
            "http://127.0.0.1:" + AwsKmsKeyProviderAgainstProtocolStubTest.closedPort());
    PlatformException e =
        catchThrowableOfType(() -> p.wrap(new byte[32], new byte[] {1}), PlatformException.class);
    assertThat(e.errorCode()).isEqualTo(ErrorCode.DEPENDENCY_UNAVAILABLE);
    assertThat(e.getMessage()).isEqualTo("AWS STS did not answer AssumeRole");
    PlatformException check = catchThrowableOfType(p::checkRole, PlatformException.class);
    assertThat(check.errorCode()).isEqualTo(ErrorCode.DEPENDENCY_UNAVAILABLE);
  }

  @Test
  void withoutAnStsEndpointTheRegionalOneIsAskedForThroughTheGuard() {
    TestGuards.Recording r = TestGuards.resolving(Map.of(), "127.0.0.1/32");
    try (AwsKmsKeyProvider p =
        AwsKmsKeyProviderAgainstProtocolStubTest.create(
            config(ORG_KEY, ORG_SECRET, ROLE, EXTERNAL_ID, null), r.guard)) {
      PlatformException e = catchThrowableOfType(p::checkRole, PlatformException.class);
      assertThat(e.errorCode()).isEqualTo(ErrorCode.DEPENDENCY_UNAVAILABLE);
    }
    assertThat(r.lookups).contains("sts." + KmsProtocolStub.REGION + ".amazonaws.com");
  }

  @Test
  void anStsEndpointTheGuardRefusesIsNeverContacted() {
    TestGuards.Recording r = TestGuards.resolving(Map.of(), "127.0.0.1/32");
    String port = sts.endpoint().substring(sts.endpoint().lastIndexOf(':') + 1);
    AwsKmsKeysConfig config =
        config(ORG_KEY, ORG_SECRET, ROLE, EXTERNAL_ID, "http://127.0.0.2:" + port);
    try (AwsKmsKeyProvider p = AwsKmsKeyProviderAgainstProtocolStubTest.create(config, r.guard)) {
      PlatformException e =
          catchThrowableOfType(() -> p.wrap(new byte[32], new byte[] {1}), PlatformException.class);
      assertThat(e.errorCode()).isEqualTo(ErrorCode.OUTBOUND_BLOCKED);
      assertThat(e.getMessage()).startsWith("awssts:").endsWith("refused: loopback");
    }
    assertThat(sts.calls()).isEmpty();
    assertThat(r.blocked("awssts")).isGreaterThanOrEqualTo(1.0);
  }
}
