package dev.palisade.api.backup;

import dev.palisade.backup.BackupPlan;
import dev.palisade.identity.AccessControl;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

/** The backup plan inventory for install admins (docs/backup.md#the-backup-plan). */
@Controller("/api/v1/install/backup/plan")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class BackupPlanController {
  private final AccessControl access;
  private final BackupPlan plan;

  BackupPlanController(AccessControl access, BackupPlan plan) {
    this.access = access;
    this.plan = plan;
  }

  @Get
  BackupPlan.Plan get(Authentication auth) {
    access.requireInstallAdmin(auth);
    return plan.plan();
  }
}
