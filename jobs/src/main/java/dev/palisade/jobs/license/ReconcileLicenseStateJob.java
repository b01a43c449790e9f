package dev.palisade.jobs.license;

import dev.palisade.jobs.Job;
import dev.palisade.jobs.JobContext;
import dev.palisade.jobs.JobResult;
import dev.palisade.license.LicenseReconciler;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * {@code reconcile-license-state}, hourly: hands off to {@link LicenseReconciler}. A connected
 * install whose control plane could not give a good license fails the run (the license already
 * stored stays in force); an offline install re-evaluates its state and succeeds.
 */
@Singleton
public final class ReconcileLicenseStateJob implements Job {
  public static final String NAME = "reconcile-license-state";

  private final LicenseReconciler reconciler;

  public ReconcileLicenseStateJob(LicenseReconciler reconciler) {
    this.reconciler = reconciler;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Refreshes the signed license from the control plane (connected installs), projects"
        + " per-organization entitlements and records license state changes.";
  }

  @Override
  public Duration defaultCadence() {
    return Duration.ofHours(1);
  }

  @Override
  public Duration defaultTimeout() {
    return Duration.ofMinutes(2);
  }

  @Override
  public JobResult run(JobContext context) {
    LicenseReconciler.Result r = reconciler.reconcile();
    return r.failed() ? JobResult.failed(r.summary()) : JobResult.success(r.summary());
  }
}
