package dev.palisade.api.health;

import dev.palisade.health.DependencyMonitor;
import dev.palisade.identity.AccessControl;
import dev.palisade.tenancy.InstallDatabase;
import dev.palisade.tenancy.TenantConnections;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Health probes. {@code live} and {@code ready} are anonymous and read memory only; {@code
 * detailed} is for install admins.
 */
@Controller("/api/health")
final class HealthController {
  private static final Map<String, String> LIVE = Map.of("status", "ok");

  private final DependencyMonitor monitor;
  private final AccessControl access;
  private final InstallDatabase install;
  private final TenantConnections tenants;

  HealthController(
      DependencyMonitor monitor,
      AccessControl access,
      InstallDatabase install,
      TenantConnections tenants) {
    this.monitor = monitor;
    this.access = access;
    this.install = install;
    this.tenants = tenants;
  }

  @Get("/live")
  @Secured(SecurityRule.IS_ANONYMOUS)
  Map<String, String> live() {
    return LIVE;
  }

  @Get("/ready")
  @Secured(SecurityRule.IS_ANONYMOUS)
  HttpResponse<Map<String, Object>> ready() {
    boolean ready = monitor.ready();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", ready ? "ready" : "not_ready");
    body.put("checks", monitor.state());
    return HttpResponse.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(body);
  }

  @Get("/detailed")
  @Secured(SecurityRule.IS_AUTHENTICATED)
  @ExecuteOn(TaskExecutors.BLOCKING)
  HttpResponse<Map<String, Object>> detailed(Authentication auth) {
    access.requireInstallAdmin(auth);
    boolean ready = monitor.ready();
    var pool = install.dataSource();
    var hikari = ((com.zaxxer.hikari.HikariDataSource) pool).getHikariPoolMXBean();
    Map<String, Object> installPool = new LinkedHashMap<>();
    installPool.put("max", install.poolSize());
    installPool.put("active", hikari == null ? 0 : hikari.getActiveConnections());
    installPool.put("idle", hikari == null ? 0 : hikari.getIdleConnections());
    installPool.put("waiting", hikari == null ? 0 : hikari.getThreadsAwaitingConnection());
    Map<String, Object> tenantPool = new LinkedHashMap<>();
    tenantPool.put("cap", tenants.cap());
    tenantPool.put("open", tenants.openConnections());
    tenantPool.put("databases", tenants.stats());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", ready ? "ready" : "not_ready");
    body.put("checks", monitor.state());
    body.put("pools", Map.of("install", installPool, "tenants", tenantPool));
    return HttpResponse.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(body);
  }
}
