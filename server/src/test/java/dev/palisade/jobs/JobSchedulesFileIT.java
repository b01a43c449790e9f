package dev.palisade.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Terraform job schedules file matches the job registry of a real server: the same jobs, with
 * their default cadences as EventBridge Scheduler expressions. With {@code
 * -Dpalisade.jobs.write-schedules=true} it rewrites the file from the registry instead.
 */
class JobSchedulesFileIT {
  @Test
  void scheduleFileMatchesTheJobRegistry() throws Exception {
    String registry;
    try (TestServer server = TestServer.start(Map.of("palisade.scheduler.enabled", "false"))) {
      registry = JobSchedulesFile.render(server.context().getBean(JobRunner.class).jobs());
    }
    assertThat(registry).contains("\"name\" : \"database-backup\"");
    Path file = JobSchedulesFile.locate();
    if (Boolean.getBoolean("palisade.jobs.write-schedules")) {
      Files.writeString(file, registry, StandardCharsets.UTF_8);
    }
    assertThat(JobSchedulesFile.drift(registry, Files.readString(file, StandardCharsets.UTF_8)))
        .as("%s has drifted from the job registry; %s", file, JobSchedulesFile.REGENERATE)
        .isEmpty();
    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .as("%s is not formatted as generated; %s", file, JobSchedulesFile.REGENERATE)
        .isEqualTo(registry);
  }
}
