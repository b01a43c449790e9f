package dev.palisade.api.operations;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.palisade.events.IncidentView;
import dev.palisade.events.Incidents;
import dev.palisade.identity.AccessControl;
import dev.palisade.jobs.JobView;
import dev.palisade.jobs.JobViews;
import dev.palisade.license.LicenseStatus;
import dev.palisade.license.Licenses;
import dev.palisade.telemetry.BuildInfo;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The Operations page in one call: active incidents, license status with the last reconcile,
 * version status, and the last few runs of every job. Install admins only. Reads only: a handful of
 * indexed queries on the install database, no provider or network calls.
 */
@Controller("/api/v1/install/operations")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_AUTHENTICATED)
final class OperationsController {
  static final int RECENT_RUNS = 3;

  private final AccessControl access;
  private final Incidents incidents;
  private final Licenses licenses;
  private final JobViews jobs;
  private final BuildInfo build;
  private final Clock clock;

  OperationsController(
      AccessControl access,
      Incidents incidents,
      Licenses licenses,
      JobViews jobs,
      BuildInfo build,
      Clock clock) {
    this.clock = clock;
    this.access = access;
    this.incidents = incidents;
    this.licenses = licenses;
    this.jobs = jobs;
    this.build = build;
  }

  /** The page. {@code version.updateAvailable} is null when no newer version is known. */
  record Operations(
      Instant generatedAt,
      List<IncidentView> activeIncidents,
      LicenseStatus license,
      VersionStatus version,
      List<JobView> jobs) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record VersionStatus(String running, String latest, Boolean updateAvailable) {}

  @Get
  Operations get(Authentication auth) {
    access.requireInstallAdmin(auth);
    LicenseStatus license = licenses.status();
    String running = build.version();
    String latest = license.latestVersion();
    return new Operations(
        clock.instant(),
        incidents.active(),
        license,
        new VersionStatus(running, latest, Versions.newer(latest, running)),
        jobs.all(RECENT_RUNS));
  }
}
