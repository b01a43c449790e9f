package dev.palisade.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A job as listed to install admins: what it does, its effective settings, whether a run is in
 * progress (in any instance), when it next starts here, and its most recent runs.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(
    String name,
    String description,
    boolean enabled,
    String cadence,
    long cadenceSeconds,
    String timeout,
    boolean running,
    Instant nextRunAt,
    Instant lastSuccessAt,
    List<JobRun> lastRuns) {

  public JobView {
    lastRuns = List.copyOf(lastRuns);
  }
}
