package dev.palisade.api.events;

import dev.palisade.events.Filters;
import dev.palisade.events.SecurityEventQueries;
import dev.palisade.events.SecurityEventView;
import dev.palisade.identity.AccessControl;
import dev.palisade.paging.Page;
import dev.palisade.tenancy.Organizations;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestBean;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

/** Security events of the whole install (install admins), newest first. */
@Controller("/api/v1/install/security-events")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class SecurityEventsController {
  private final AccessControl access;
  private final SecurityEventQueries queries;
  private final Organizations organizations;

  SecurityEventsController(
      AccessControl access, SecurityEventQueries queries, Organizations organizations) {
    this.access = access;
    this.queries = queries;
    this.organizations = organizations;
  }

  @Get
  Page<SecurityEventView> list(
      Authentication auth,
      @RequestBean EventQuery query,
      @Nullable @QueryValue String org,
      @Nullable @QueryValue Integer limit,
      @Nullable @QueryValue String cursor) {
    access.requireInstallAdmin(auth);
    return queries.list(query.filter(Filters.org(organizations, org)), limit, cursor);
  }

  @Get("/{id}")
  SecurityEventView get(Authentication auth, String id) {
    access.requireInstallAdmin(auth);
    return queries.get(Filters.id(id));
  }
}
