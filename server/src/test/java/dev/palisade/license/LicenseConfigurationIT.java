package dev.palisade.license;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.palisade.testing.TestDatabase;
import dev.palisade.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** License settings: defaults, full mapping, and the boot refusing malformed values. */
class LicenseConfigurationIT {
  private static List<String> messages(Throwable t) {
    List<String> out = new ArrayList<>();
    for (Throwable c = t; c != null; c = c.getCause()) {
      out.add(String.valueOf(c.getMessage()));
    }
    return out;
  }

  private static Throwable bootFailure(Map<String, Object> props) throws Exception {
    Path home = Files.createTempDirectory("palisade-license");
    try (TestDatabase db = TestDatabase.create()) {
      return catchThrowable(() -> TestServer.restart(db, home, props).close());
    }
  }

  @Test
  void defaults() throws Exception {
    try (TestServer server = TestServer.start()) {
      LicenseConfig license = server.context().getBean(LicenseConfig.class);
      assertThat(license.vendorPublicKeys()).isEmpty();
      assertThat(license.expiringWindow()).isEqualTo(Duration.ofDays(30));
      assertThat(license.evaluationMaxOrganizations()).isEqualTo(25);
      ControlPlaneConfig plane = server.context().getBean(ControlPlaneConfig.class);
      assertThat(plane.url()).isNull();
      assertThat(plane.connected()).isFalse();
      assertThat(plane.caFile()).isNull();
      assertThat(plane.token()).isNull();
      assertThat(plane.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
      assertThat(plane.timeout()).isEqualTo(Duration.ofSeconds(15));
    }
  }

  @Test
  void fullMapping() throws Exception {
    TestVendor a = new TestVendor();
    TestVendor b = new TestVendor();
    try (ControlPlaneStub plane = new ControlPlaneStub(a);
        TestServer server =
            TestServer.start(
                Map.of(
                    "palisade.license.vendor-public-keys",
                    a.publicKeyBase64() + "," + b.publicKeyBase64(),
                    "palisade.license.expiring-window",
                    "10d",
                    "palisade.license.evaluation-max-organizations",
                    500,
                    "palisade.license.control-plane.url",
                    plane.url() + "/",
                    "palisade.license.control-plane.ca-file",
                    plane.caFile().toString(),
                    "palisade.license.control-plane.token",
                    "secret-cp-token",
                    "palisade.license.control-plane.connect-timeout",
                    "2s",
                    "palisade.license.control-plane.timeout",
                    "7s"))) {
      LicenseConfig license = server.context().getBean(LicenseConfig.class);
      assertThat(license.keys()).containsOnlyKeys(a.keyId(), b.keyId());
      assertThat(license.expiringWindow()).isEqualTo(Duration.ofDays(10));
      assertThat(license.evaluationMaxOrganizations()).isEqualTo(500);
      ControlPlaneConfig cp = server.context().getBean(ControlPlaneConfig.class);
      assertThat(cp.url()).isEqualTo(plane.url());
      assertThat(cp.caFile()).isEqualTo(plane.caFile().toString());
      assertThat(cp.token()).isEqualTo("secret-cp-token");
      assertThat(cp.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
      assertThat(cp.timeout()).isEqualTo(Duration.ofSeconds(7));
      assertThat(cp.toString()).doesNotContain("secret-cp-token");
    }
  }

  @Test
  void aMalformedVendorKeyStopsTheBootNamingTheSetting() throws Exception {
    Throwable failure =
        bootFailure(Map.of("palisade.license.vendor-public-keys", List.of("bm90IGEga2V5")));
    assertThat(messages(failure))
        .anyMatch(m -> m.contains("palisade.license.vendor-public-keys[0]"));
  }

  @Test
  void aControlPlaneWithoutHttpsStopsTheBoot() throws Exception {
    Throwable failure =
        bootFailure(Map.of("palisade.license.control-plane.url", "http://user:pw@cp.example.com/"));
    assertThat(messages(failure))
        .anyMatch(m -> m.contains("palisade.license.control-plane.url must be https://"))
        .noneMatch(m -> m.contains("user:pw"));
  }

  @Test
  void anUnreadableCaFileStopsTheBoot() throws Exception {
    Path notPem = Files.createTempFile("ca", ".pem");
    Files.writeString(notPem, "not a certificate");
    Throwable failure =
        bootFailure(
            Map.of(
                "palisade.license.control-plane.url",
                "https://cp.example.com",
                "palisade.license.control-plane.ca-file",
                notPem.toString()));
    assertThat(messages(failure))
        .anyMatch(m -> m.contains("palisade.license.control-plane.ca-file"));
  }
}
