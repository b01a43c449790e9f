package dev.palisade.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.palisade.keys.awskms.AwsKmsKeyProvider;
import dev.palisade.keys.pkcs11.Pkcs11KeyProvider;
import dev.palisade.testing.TestDatabase;
import dev.palisade.testing.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Which key provider the server runs with, and how a bad choice stops it from starting. */
class InstallKeyProviderIT {
  @Test
  void awsKmsIsChosenByTheSettingAndFailsClosedWhenKmsIsUnreachable() throws Exception {
    Map<String, Object> props =
        Map.of(
            "palisade.keys.provider", "awskms",
            "palisade.keys.awskms.key-id", "alias/palisade",
            "palisade.keys.awskms.region", "eu-west-1",
            "palisade.keys.awskms.endpoint", "http://127.0.0.1:" + closedPort(),
            "palisade.keys.awskms.access-key-id", "AKIAINSTALLTEST",
            "palisade.keys.awskms.secret-access-key", "install-secret-kx82",
            "palisade.keys.awskms.request-timeout", "1s",
            "palisade.net.allow", "127.0.0.1/32");
    try (TestServer server = TestServer.start(props)) {
      KeyProvider provider = server.context().getBean(KeyProvider.class);
      assertThat(provider).isInstanceOf(AwsKmsKeyProvider.class);
      assertThat(server.context().getBeansOfType(KeyProvider.class)).hasSize(1);
      ProviderCheck check = provider.verify(java.time.Clock.systemUTC());
      assertThat(check.ok()).isFalse();
      assertThat(check.detail())
          .isEqualTo("AWS KMS did not answer GenerateDataKey")
          .doesNotContain("install-secret-kx82");
    }
  }

  @Test
  void pkcs11IsChosenByTheSettingWithoutTouchingTheTokenAtStartup() throws Exception {
    Map<String, Object> props =
        Map.of(
            "palisade.keys.provider", "pkcs11",
            "palisade.keys.pkcs11.library", "/nonexistent/libvendor-pkcs11.so",
            "palisade.keys.pkcs11.pin", "install-pin-5521");
    try (TestServer server = TestServer.start(props)) {
      KeyProvider provider = server.context().getBean(KeyProvider.class);
      assertThat(provider).isInstanceOf(Pkcs11KeyProvider.class);
      ProviderCheck check = provider.verify(java.time.Clock.systemUTC());
      assertThat(check.ok()).isFalse();
      assertThat(check.detail()).contains("libvendor-pkcs11.so").doesNotContain("install-pin");
    }
  }

  @Test
  void missingRequiredSettingStopsTheBootNamingIt() throws Exception {
    Path home = Files.createTempDirectory("palisade-keys");
    try (TestDatabase db = TestDatabase.create()) {
      Throwable failure =
          catchThrowable(
              () ->
                  TestServer.restart(
                      db,
                      home,
                      Map.of(
                          "palisade.keys.provider", "vault",
                          "palisade.keys.vault.token", "hvs.never-shown")));
      assertThat(messages(failure))
          .anyMatch(m -> m.contains("[palisade.keys.vault.address]. Property doesn't exist"))
          .noneMatch(m -> m.contains("hvs.never-shown"));
    }
  }

  @Test
  void unknownProviderStopsThePackagedServerWithAMessageNamingTheSetting() throws Exception {
    Path jar = Path.of(System.getProperty("palisade.server.jar", "target/palisade-server.jar"));
    assertThat(jar).exists();
    Path home = Files.createTempDirectory("palisade-keys");
    try (TestDatabase db = TestDatabase.create()) {
      ProcessBuilder pb =
          new ProcessBuilder("java", "-jar", jar.toString()).redirectErrorStream(true);
      pb.environment().put("PALISADE_HOME", home.toString());
      pb.environment().put("PALISADE_HTTP_PORT", Integer.toString(closedPort()));
      pb.environment().put("PALISADE_DATABASE_URL", db.url());
      pb.environment().put("PALISADE_DATABASE_TENANT_PREFIX", db.tenantPrefix());
      pb.environment().put("PALISADE_LOG_FORMAT", "text");
      pb.environment().put("PALISADE_KEYS_PROVIDER", "hsm");
      Process process = pb.start();
      try {
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isNotZero();
        assertThat(output)
            .contains(
                "palisade.keys.provider (PALISADE_KEYS_PROVIDER) is 'hsm', which is not a key"
                    + " provider; use one of awskms, local, pkcs11, vault")
            .doesNotContain("Palisade is running at");
      } finally {
        process.destroyForcibly();
      }
    }
  }

  private static List<String> messages(Throwable t) {
    List<String> out = new ArrayList<>();
    for (; t != null; t = t.getCause()) {
      out.add(String.valueOf(t.getMessage()));
    }
    return out;
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
