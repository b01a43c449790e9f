package dev.palisade.keys.awskms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.net.TestGuards;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The AWS SDK's connections go through the outbound guard: its resolver, its refusals. */
class AwsKmsThroughOutboundGuardTest {
  private KmsProtocolStub kms;

  @BeforeEach
  void start() throws Exception {
    kms = KmsProtocolStub.start(AwsKmsKeyProviderAgainstProtocolStubTest.ACCESS_KEY_ID);
    kms.alias(AwsKmsKeyProviderAgainstProtocolStubTest.ALIAS, kms.createKey());
  }

  @AfterEach
  void stop() {
    kms.close();
  }

  private String endpointAt(String host) {
    String e = kms.endpoint();
    return "http://" + host + ":" + e.substring(e.lastIndexOf(':') + 1);
  }

  @Test
  void theSdkConnectsToTheAddressTheGuardResolved() {
    TestGuards.Recording r = TestGuards.resolving(Map.of("kms.test", "127.0.0.1"), "kms.test");
    try (AwsKmsKeyProvider p =
        AwsKmsKeyProviderAgainstProtocolStubTest.create(
            AwsKmsKeyProviderAgainstProtocolStubTest.config(
                endpointAt("kms.test"), AwsKmsKeyProviderAgainstProtocolStubTest.ACCESS_KEY_ID),
            r.guard)) {
      byte[] key = new byte[32];
      assertThat(p.unwrap(p.wrap(key, new byte[] {1}), new byte[] {1})).isEqualTo(key);
    }
    assertThat(r.lookups).contains("kms.test");
    assertThat(kms.targets()).isNotEmpty();
  }

  @Test
  void aRefusedEndpointIsNeverContacted() {
    TestGuards.Recording r = TestGuards.resolving(Map.of());
    try (AwsKmsKeyProvider p =
        AwsKmsKeyProviderAgainstProtocolStubTest.create(
            AwsKmsKeyProviderAgainstProtocolStubTest.config(
                endpointAt("0x7f000001"), AwsKmsKeyProviderAgainstProtocolStubTest.ACCESS_KEY_ID),
            r.guard)) {
      PlatformException e =
          catchThrowableOfType(() -> p.wrap(new byte[32], new byte[] {1}), PlatformException.class);
      assertThat(e.errorCode()).isEqualTo(ErrorCode.OUTBOUND_BLOCKED);
      assertThat(e.getMessage()).endsWith("refused: loopback");
    }
    assertThat(kms.targets()).isEmpty();
    assertThat(r.blocked("awskms")).isGreaterThanOrEqualTo(1.0);
  }
}
