package dev.palisade.jobs;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Jobs as listed to install admins (the jobs API and the Operations page). */
@Singleton
public final class JobViews {
  private final JobRunner runner;
  private final JobRuns runs;
  private final Optional<JobScheduler> scheduler;

  JobViews(JobRunner runner, JobRuns runs, Optional<JobScheduler> scheduler) {
    this.runner = runner;
    this.runs = runs;
    this.scheduler = scheduler;
  }

  /** Every job with its settings, state and {@code recent} newest runs, in two queries. */
  public List<JobView> all(int recent) {
    List<String> names = runner.jobs().stream().map(Job::name).toList();
    Map<String, List<JobRun>> latest = runs.latestOfEach(names, recent);
    Map<String, Instant> succeeded = runs.lastSuccessOfEach();
    List<JobView> out = new ArrayList<>();
    for (Job job : runner.jobs()) {
      JobSettings s = runner.settings(job.name());
      List<JobRun> last = latest.getOrDefault(job.name(), List.of());
      boolean running = !last.isEmpty() && last.get(0).status() == JobResult.Status.RUNNING;
      out.add(
          new JobView(
              job.name(),
              job.description(),
              s.enabled(),
              s.cadence().toString(),
              s.cadence().toSeconds(),
              s.timeout().toString(),
              running,
              scheduler.flatMap(x -> x.nextRun(job.name())).orElse(null),
              succeeded.get(job.name()),
              last));
    }
    return out;
  }
}
