package dev.palisade.api.events;

import dev.palisade.events.Filters;
import dev.palisade.events.SecurityEventQueries;
import dev.palisade.events.SecurityEventView;
import dev.palisade.identity.AccessControl;
import dev.palisade.identity.Permission;
import dev.palisade.paging.Page;
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

/** One organization's security events. Needs {@code audit:view} in that organization. */
@Controller("/api/v1/orgs/{slug}/security-events")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class OrgSecurityEventsController {
  private final AccessControl access;
  private final SecurityEventQueries queries;

  OrgSecurityEventsController(AccessControl access, SecurityEventQueries queries) {
    this.access = access;
    this.queries = queries;
  }

  @Get
  Page<SecurityEventView> list(
      Authentication auth,
      String slug,
      @RequestBean EventQuery query,
      @Nullable @QueryValue Integer limit,
      @Nullable @QueryValue String cursor) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.AUDIT_VIEW);
    return queries.list(query.filter(Filters.OrgScope.of(a.org().id())), limit, cursor);
  }
}
