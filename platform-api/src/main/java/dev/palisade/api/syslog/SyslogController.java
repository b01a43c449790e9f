package dev.palisade.api.syslog;

import dev.palisade.identity.AccessControl;
import dev.palisade.identity.Caller;
import dev.palisade.identity.Permission;
import dev.palisade.syslog.SyslogTest;
import dev.palisade.tenancy.Scope;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

/**
 * Syslog destinations: the install's (install admins) and each organization's ({@code
 * settings:manage}). See docs/syslog.md.
 */
@Controller("/api/v1")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class SyslogController {
  private final AccessControl access;
  private final SyslogOperations syslog;

  SyslogController(AccessControl access, SyslogOperations syslog) {
    this.access = access;
    this.syslog = syslog;
  }

  @Get("/install/syslog")
  SyslogOperations.DestinationView install(Authentication auth) {
    access.requireInstallAdmin(auth);
    return syslog.view(Scope.install());
  }

  @Put("/install/syslog")
  SyslogOperations.DestinationView changeInstall(
      Authentication auth, @Body SyslogOperations.DestinationChange request) {
    Caller caller = access.requireInstallAdmin(auth);
    return syslog.change(Scope.install(), request, caller.actor());
  }

  @Post("/install/syslog/test")
  SyslogTest.Result testInstall(Authentication auth) {
    access.requireInstallAdmin(auth);
    return syslog.test(Scope.install());
  }

  @Get("/orgs/{slug}/syslog")
  SyslogOperations.DestinationView org(Authentication auth, String slug) {
    return syslog.view(Scope.of(access.requireOrg(auth, slug, Permission.SETTINGS_MANAGE).org()));
  }

  @Put("/orgs/{slug}/syslog")
  SyslogOperations.DestinationView changeOrg(
      Authentication auth, String slug, @Body SyslogOperations.DestinationChange request) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.SETTINGS_MANAGE);
    return syslog.change(Scope.of(a.org()), request, a.caller().actor());
  }

  @Post("/orgs/{slug}/syslog/test")
  SyslogTest.Result testOrg(Authentication auth, String slug) {
    return syslog.test(Scope.of(access.requireOrg(auth, slug, Permission.SETTINGS_MANAGE).org()));
  }
}
