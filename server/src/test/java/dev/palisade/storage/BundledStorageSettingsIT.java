package dev.palisade.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.ServerProcess;
import dev.palisade.testing.TestDatabase;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A bundled storage setting the server cannot use stops the start with a message naming it. */
class BundledStorageSettingsIT {
  @Test
  void anUnknownBundledStorageTypeOrAnIncompleteBucketStopsTheStart() throws Exception {
    for (Map.Entry<Map<String, String>, String> c :
        Map.of(
                Map.of("PALISADE_STORAGE_BUNDLED_TYPE", "tape"),
                "palisade.storage.bundled.type (PALISADE_STORAGE_BUNDLED_TYPE) is 'tape'",
                Map.of(
                    "PALISADE_STORAGE_BUNDLED_TYPE", "s3",
                    "PALISADE_STORAGE_BUNDLED_REGION", "eu-west-1",
                    "PALISADE_STORAGE_BUNDLED_SECRET_ACCESS_KEY", "planted-bundled-secret-8812"),
                "palisade.storage.bundled.bucket")
            .entrySet()) {
      Map<String, String> env = new java.util.HashMap<>(c.getKey());
      env.put("PALISADE_HOME", Files.createTempDirectory("palisade-home").toString());
      ServerProcess.Ended ended;
      try (TestDatabase db = TestDatabase.create()) {
        env.put("PALISADE_DATABASE_URL", db.url());
        env.put("PALISADE_DATABASE_TENANT_PREFIX", db.tenantPrefix());
        ended = ServerProcess.runToEnd(env, Duration.ofSeconds(90));
      }
      String out = ended.stdout() + ended.stderr();
      assertThat(ended.exitCode()).as(out).isNotZero();
      assertThat(out).contains(c.getValue()).doesNotContain("planted-bundled-secret");
    }
  }
}
