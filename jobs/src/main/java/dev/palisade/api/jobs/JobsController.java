package dev.palisade.api.jobs;

import dev.palisade.audit.AuditEvent;
import dev.palisade.audit.AuditLog;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.identity.AccessControl;
import dev.palisade.identity.Caller;
import dev.palisade.jobs.JobContext;
import dev.palisade.jobs.JobResult;
import dev.palisade.jobs.JobRun;
import dev.palisade.jobs.JobRunner;
import dev.palisade.jobs.JobRuns;
import dev.palisade.jobs.JobView;
import dev.palisade.jobs.JobViews;
import dev.palisade.jobs.SchedulerConfig;
import dev.palisade.paging.Page;
import dev.palisade.tenancy.Scope;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Scheduled jobs for install admins: list, run now, run history. */
@Controller("/api/v1/install/jobs")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_AUTHENTICATED)
final class JobsController {
  static final int RECENT_RUNS = 5;

  private final AccessControl access;
  private final JobRunner runner;
  private final JobRuns runs;
  private final AuditLog audit;
  private final SchedulerConfig config;
  private final JobViews views;

  JobsController(
      AccessControl access,
      JobRunner runner,
      JobRuns runs,
      AuditLog audit,
      SchedulerConfig config,
      JobViews views) {
    this.access = access;
    this.runner = runner;
    this.runs = runs;
    this.audit = audit;
    this.config = config;
    this.views = views;
  }

  @Get
  List<JobView> list(Authentication auth) {
    access.requireInstallAdmin(auth);
    return views.all(RECENT_RUNS);
  }

  /**
   * Runs a job now. Answers 200 with the finished run, or 202 with the run still going after {@code
   * palisade.scheduler.run-now-wait}; 409 if the job is already running anywhere.
   */
  @Post("/{name}/run")
  HttpResponse<JobRun> run(Authentication auth, String name) {
    Caller caller = access.requireInstallAdmin(auth);
    if (runner.job(name).isEmpty()) {
      throw new PlatformException(ErrorCode.NOT_FOUND, "no job named " + name);
    }
    audit.record(
        Scope.install(),
        AuditEvent.by("user", caller.actor()).subject("job", name).action("job.run_requested"));
    JobRunner.Started started =
        runner
            .start(name, JobContext.Trigger.MANUAL, caller.actor())
            .orElseThrow(
                () -> new PlatformException(ErrorCode.CONFLICT, name + " is running already"));
    try {
      JobRun done = started.done().get(config.runNowWait().toMillis(), TimeUnit.MILLISECONDS);
      return HttpResponse.ok(done);
    } catch (TimeoutException e) {
      return HttpResponse.<JobRun>status(HttpStatus.ACCEPTED).body(started.run());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return HttpResponse.<JobRun>status(HttpStatus.ACCEPTED).body(started.run());
    } catch (ExecutionException e) {
      throw new PlatformException(ErrorCode.INTERNAL, "the run could not be recorded", e);
    }
  }

  @Get("/runs")
  Page<JobRun> history(
      Authentication auth,
      @Nullable @QueryValue String job,
      @Nullable @QueryValue String status,
      @Nullable @QueryValue Integer limit,
      @Nullable @QueryValue String cursor) {
    access.requireInstallAdmin(auth);
    if (job != null && runner.job(job).isEmpty()) {
      throw PlatformException.invalidField("job", "is not a job of this install");
    }
    return runs.page(job, status(status), Page.limit(limit), cursor);
  }

  @Get("/runs/{id}")
  JobRun get(Authentication auth, String id) {
    access.requireInstallAdmin(auth);
    UUID runId;
    try {
      runId = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new PlatformException(ErrorCode.NOT_FOUND, "no such run");
    }
    return runs.find(runId)
        .orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND, "no such run"));
  }

  private static JobResult.Status status(String value) {
    if (value == null) {
      return null;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "running" -> JobResult.Status.RUNNING;
      case "success" -> JobResult.Status.SUCCESS;
      case "failed" -> JobResult.Status.FAILED;
      case "partial" -> JobResult.Status.PARTIAL;
      default ->
          throw PlatformException.invalidField(
              "status", "must be one of running, success, failed, partial");
    };
  }
}
