package dev.palisade.jobs.storage;

import dev.palisade.jobs.Job;
import dev.palisade.jobs.JobContext;
import dev.palisade.jobs.JobResult;
import dev.palisade.storage.MigrationRun;
import dev.palisade.storage.ObjectMigrations;
import dev.palisade.telemetry.Sanitizer;
import dev.palisade.tenancy.Organizations;
import dev.palisade.tenancy.Scope;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Works one batch ({@code palisade.storage.migration-batch-size}) of every organization's active
 * storage migration run: copy, verify on the target, switch the metadata.
 */
@Singleton
final class StorageObjectMigrationRunnerJob implements Job {
  static final String NAME = "storage-object-migration-runner";

  private final ObjectMigrations migrations;
  private final Organizations organizations;

  StorageObjectMigrationRunnerJob(ObjectMigrations migrations, Organizations organizations) {
    this.migrations = migrations;
    this.organizations = organizations;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Moves the next batch of objects of every active storage migration run, verified by"
        + " SHA-256";
  }

  @Override
  public Duration defaultCadence() {
    return Duration.ofMinutes(1);
  }

  @Override
  public JobResult run(JobContext context) {
    List<Scope> scopes = new ArrayList<>();
    organizations.forEach(o -> scopes.add(Scope.of(o)));
    int active = 0;
    List<String> failed = new ArrayList<>();
    List<String> summaries = new ArrayList<>();
    for (Scope scope : scopes) {
      context.checkCancelled();
      try {
        Optional<MigrationRun> run = migrations.step(scope, context::cancelled);
        if (run.isPresent()) {
          active++;
          MigrationRun r = run.get();
          summaries.add(
              scope.org().slug()
                  + " "
                  + r.state()
                  + " "
                  + r.items().verified()
                  + "/"
                  + r.items().total());
          if ("failed".equals(r.state())) {
            failed.add(scope.org().slug());
          }
        }
      } catch (RuntimeException e) {
        failed.add(scope.org().slug() + " (" + Sanitizer.reason(e) + ")");
      }
    }
    String summary =
        active
            + " migration run(s)"
            + (summaries.isEmpty() ? "" : ": " + String.join(", ", head(summaries)))
            + (failed.isEmpty() ? "" : "; failed: " + String.join(", ", head(failed)));
    return failed.isEmpty() ? JobResult.success(summary) : JobResult.partial(summary);
  }

  private static List<String> head(List<String> items) {
    return items.size() <= 20 ? items : items.subList(0, 20);
  }
}
