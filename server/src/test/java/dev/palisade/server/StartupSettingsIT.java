package dev.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.ServerProcess;
import dev.palisade.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The packaged server as an operator starts it: a setting that is set but empty means unset, and a
 * wrong one ends the process with exit code 78 and one line on standard error that names it.
 */
class StartupSettingsIT {
  private static TestDatabase db;

  @BeforeAll
  static void database() throws Exception {
    db = TestDatabase.create();
  }

  @AfterAll
  static void drop() throws Exception {
    db.close();
  }

  @Test
  void settingsThatAreSetButEmptyTakeTheirDefaults() throws Exception {
    Path home = Files.createTempDirectory("palisade-empty-settings");
    Map<String, String> env = new HashMap<>();
    env.put("PALISADE_HOME", home.toString());
    for (String empty :
        List.of(
            "PALISADE_DATABASE_URL",
            "PALISADE_DATABASE_USER",
            "PALISADE_DATABASE_PASSWORD",
            "PALISADE_DATABASE_TENANT_POOL_SIZE",
            "PALISADE_KEYS_PROVIDER",
            "PALISADE_LOG_LEVEL",
            "PALISADE_LOG_FORMAT")) {
      env.put(empty, "");
    }
    env.put("PALISADE_SHUTDOWN_GRACE_PERIOD", " ");
    try (ServerProcess server = ServerProcess.startWith(env)) {
      assertThat(server.http().get("/api/health/live", null).status()).isEqualTo(200);
      assertThat(server.output())
          .contains("embedded PostgreSQL")
          .doesNotContain("DEBUG")
          .doesNotContain("Exception");
    }
  }

  /** Variable, wrong value, what the one line must say. */
  static Stream<Arguments> misconfigurations() {
    String[][] cases = {
      {
        "PALISADE_DATABASE_TENANT_POOL_SIZE",
        "0",
        "palisade.database.tenant-pool-size (PALISADE_DATABASE_TENANT_POOL_SIZE) must be greater"
            + " than or equal to 1"
      },
      {
        "PALISADE_DATABASE_TENANT_POOL_SIZE",
        "many",
        "palisade.database.tenant-pool-size (PALISADE_DATABASE_TENANT_POOL_SIZE) is not a valid"
            + " whole number"
      },
      {
        "PALISADE_DATABASE_TENANT_IDLE_TIMEOUT",
        "soon",
        "palisade.database.tenant-idle-timeout (PALISADE_DATABASE_TENANT_IDLE_TIMEOUT) is not a"
            + " valid duration"
      },
      {
        "PALISADE_HTTP_PORT",
        "eighty",
        "palisade.http.port (PALISADE_HTTP_PORT) is not a valid whole number"
      },
      {
        "PALISADE_DATABASE_URL",
        "mysql://admin:hunter2-secret@db.example/palisade",
        "palisade.database.url must look like jdbc:postgresql://host:port/database"
      },
      {"PALISADE_KEYS_PROVIDER", "hsm9000", "palisade.keys.provider (PALISADE_KEYS_PROVIDER)"},
      {
        "PALISADE_KEYS_ORGANIZATION_PROVIDERS",
        "vault,local",
        "palisade.keys.organization-providers (PALISADE_KEYS_ORGANIZATION_PROVIDERS) names 'local'"
      },
      {
        "PALISADE_NET_ALLOW",
        "vault.internal,hunter2-secret/8",
        "palisade.net.allow (PALISADE_NET_ALLOW) entry 2 is neither a CIDR, an address nor a host"
            + " name"
      },
      {
        "PALISADE_LOG_LEVEL",
        "verbose",
        "PALISADE_LOG_LEVEL must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF"
      },
      {"PALISADE_LOG_FORMAT", "xml", "PALISADE_LOG_FORMAT must be json or text"}
    };
    return Stream.of(cases).map(c -> Arguments.of(Map.of(c[0], c[1]), c[2]));
  }

  @ParameterizedTest
  @MethodSource("misconfigurations")
  void aWrongSettingEndsTheProcessWithExitCode78AndOneLineNamingIt(
      Map<String, String> wrong, String expected) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("PALISADE_HOME", Files.createTempDirectory("palisade-misconfigured").toString());
    env.put("PALISADE_DATABASE_URL", db.url());
    env.put("PALISADE_DATABASE_TENANT_PREFIX", db.tenantPrefix());
    env.putAll(wrong);
    ServerProcess.Ended ended = ServerProcess.runToEnd(env, Duration.ofSeconds(90));
    assertThat(ended.exitCode()).isEqualTo(78);
    assertThat(ended.stderr().lines().toList()).hasSize(1);
    assertThat(ended.stderr()).startsWith("palisade: ").contains(expected);
    String all = ended.stdout() + ended.stderr();
    assertThat(all).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("hunter2");
    assertThat(all.length()).isLessThan(2_000);
  }
}
