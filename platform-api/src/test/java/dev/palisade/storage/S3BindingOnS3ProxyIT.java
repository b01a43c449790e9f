package dev.palisade.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.net.TestGuards;
import dev.palisade.storage.s3.S3Binding;
import dev.palisade.storage.s3.S3Settings;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract on s3proxy (the S3 protocol with signature checking), through the outbound guard.
 */
class S3BindingOnS3ProxyIT extends StorageBindingContract {
  private static S3Proxy proxy;
  private static S3Binding binding;

  @BeforeAll
  static void start() throws Exception {
    proxy = S3Proxy.start("contract");
    binding = s3(proxy.settings("contract", "org-1", S3Proxy.SECRET));
  }

  @AfterAll
  static void stop() throws Exception {
    binding.close();
    proxy.close();
  }

  private static S3Binding s3(Map<String, Object> settings) {
    return new S3Binding("s3", S3Settings.from(settings, "settings."), TestGuards.loopback());
  }

  @Override
  protected StorageBinding binding() {
    return binding;
  }

  @Override
  protected StorageBinding unreachableBinding() {
    Map<String, Object> s = new java.util.HashMap<>(proxy.settings("contract", "", S3Proxy.SECRET));
    s.put("endpoint", "http://127.0.0.1:1");
    return s3(s);
  }

  @Override
  protected List<String> plantedSecrets() {
    return List.of(S3Proxy.SECRET);
  }

  @Test
  void aWrongSecretFailsTheRoundTripWithASanitizedReason() {
    try (S3Binding wrong = s3(proxy.settings("contract", "", "wrong-secret-Zk39"))) {
      Validation v = Probe.run(wrong, Clock.systemUTC());
      assertThat(v.result()).isEqualTo("failed");
      assertThat(v.firstFailure()).contains("SignatureDoesNotMatch").doesNotContain("wrong-secret");
    }
  }

  @Test
  void theGuardRefusesTheEndpointUnlessItIsAllowed() {
    try (S3Binding refused =
        new S3Binding(
            "s3",
            S3Settings.from(proxy.settings("contract", "", S3Proxy.SECRET), "settings."),
            TestGuards.allowing("10.0.0.0/8"))) {
      Validation v = Probe.run(refused, Clock.systemUTC());
      assertThat(v.firstFailure()).contains("refused: loopback");
    }
  }
}
