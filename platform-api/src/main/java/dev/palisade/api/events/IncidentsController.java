package dev.palisade.api.events;

import dev.palisade.events.Filters;
import dev.palisade.events.IncidentQueries;
import dev.palisade.events.IncidentView;
import dev.palisade.events.SecurityEventQueries;
import dev.palisade.events.SecurityEventView;
import dev.palisade.identity.AccessControl;
import dev.palisade.paging.Page;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import java.util.List;

/** Incidents of the install (install admins): active by default, or resolved. */
@Controller("/api/v1/install/incidents")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class IncidentsController {
  static final int RELATED_EVENTS = 10;

  private final AccessControl access;
  private final IncidentQueries incidents;
  private final SecurityEventQueries events;

  IncidentsController(
      AccessControl access, IncidentQueries incidents, SecurityEventQueries events) {
    this.access = access;
    this.incidents = incidents;
    this.events = events;
  }

  /** One incident and the newest security events that opened or repeated it. */
  record IncidentDetail(IncidentView incident, List<SecurityEventView> recentEvents) {}

  @Get
  Page<IncidentView> list(
      Authentication auth,
      @Nullable @QueryValue String state,
      @Nullable @QueryValue String kind,
      @Nullable @QueryValue Integer limit,
      @Nullable @QueryValue String cursor) {
    access.requireInstallAdmin(auth);
    return incidents.list(state, kind, limit, cursor);
  }

  @Get("/{id}")
  IncidentDetail get(Authentication auth, String id) {
    access.requireInstallAdmin(auth);
    IncidentView incident = incidents.get(Filters.id(id));
    return new IncidentDetail(incident, events.forIncident(incident.id(), RELATED_EVENTS));
  }
}
