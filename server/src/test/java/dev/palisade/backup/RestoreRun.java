package dev.palisade.backup;

import dev.palisade.testing.Command;
import dev.palisade.testing.ServerProcess;
import dev.palisade.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The packaged jar's {@code restore} command, on a test's database and home. */
final class RestoreRun {
  private RestoreRun() {}

  static ServerProcess.Ended restore(TestDatabase db, Path home, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add("java");
    command.add("-jar");
    command.add(ServerProcess.jar().toString());
    command.add("restore");
    command.addAll(List.of(args));
    return Command.run(
        command,
        Map.of(
            "PALISADE_HOME", home.toString(),
            "PALISADE_DATABASE_URL", db.url(),
            "PALISADE_DATABASE_TENANT_PREFIX", db.tenantPrefix()),
        Duration.ofMinutes(5));
  }
}
