package dev.palisade.jobs.storage;

import dev.palisade.jobs.Job;
import dev.palisade.jobs.JobContext;
import dev.palisade.jobs.JobResult;
import dev.palisade.storage.StorageSweep;
import dev.palisade.tenancy.Organizations;
import dev.palisade.tenancy.Scope;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates every organization's active storage binding with the round trip; a failure raises
 * {@code storageOperationsValidationFailed} and opens {@code storageBindingUnreachable}, a success
 * resolves it.
 */
@Singleton
final class StorageActiveBindingPostureSweepJob implements Job {
  static final String NAME = "storage-active-binding-posture-sweep";

  private final StorageSweep sweep;
  private final Organizations organizations;

  StorageActiveBindingPostureSweepJob(StorageSweep sweep, Organizations organizations) {
    this.sweep = sweep;
    this.organizations = organizations;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Round trip against every organization's active storage binding";
  }

  @Override
  public Duration defaultCadence() {
    return Duration.ofMinutes(15);
  }

  @Override
  public JobResult run(JobContext context) {
    List<Scope> scopes = new ArrayList<>();
    organizations.forEach(o -> scopes.add(Scope.of(o)));
    List<String> failed = new ArrayList<>();
    for (Scope scope : scopes) {
      context.checkCancelled();
      if (!sweep.check(scope)) {
        failed.add(scope.org().slug());
      }
    }
    String summary =
        "validated "
            + scopes.size()
            + " active storage binding(s): "
            + (scopes.size() - failed.size())
            + " passed, "
            + failed.size()
            + " failed"
            + (failed.isEmpty()
                ? ""
                : " ("
                    + String.join(", ", failed.size() <= 20 ? failed : failed.subList(0, 20))
                    + ")");
    if (failed.isEmpty()) {
      return JobResult.success(summary);
    }
    return failed.size() == scopes.size() ? JobResult.failed(summary) : JobResult.partial(summary);
  }
}
