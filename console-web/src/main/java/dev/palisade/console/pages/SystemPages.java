package dev.palisade.console.pages;

import static dev.palisade.console.api.ApiCall.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.console.Ids;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.util.Map;

/** System pages, for install admins (the API refuses anyone else, and the page says so). */
@Controller("/console/system")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
@Produces(MediaType.TEXT_HTML)
final class SystemPages {
  static final String[] AUDIT_FILTERS = {
    "actor", "action", "subjectType", "subjectId", "q", "from", "to", "sort", "cursor"
  };
  private final Pages pages;

  SystemPages(Pages pages) {
    this.pages = pages;
  }

  @Get("/operations")
  MutableHttpResponse<?> operations(HttpRequest<?> request) {
    return pages.render(
        request,
        "operations",
        "Operations",
        l -> l.data.setAll((ObjectNode) l.require("/api/v1/install/operations", Map.of())));
  }

  @Get("/admins")
  MutableHttpResponse<?> admins(HttpRequest<?> request) {
    return pages.render(
        request,
        "admins",
        "Install admins",
        l -> l.data.set("list", l.require("/api/v1/install/admins", l.params("cursor"))));
  }

  @Get("/investigations")
  MutableHttpResponse<?> investigations(HttpRequest<?> request) {
    return pages.render(request, "investigations", "Investigations", SystemPages::investigations);
  }

  private static void investigations(PageLoad l) {
    String tab = l.param("tab") == null ? "events" : l.param("tab");
    switch (tab) {
      case "audit" -> {
        l.data.set("list", l.optional("/api/v1/install/audit", l.params(AUDIT_FILTERS)));
        OrgPages.entry(l, "/api/v1/install/audit/");
      }
      case "evidence" -> {
        l.data.set(
            "list",
            l.optional(
                "/api/v1/install/evidence", l.params("operation", "org", "from", "to", "cursor")));
        String receipt = l.param("receipt");
        if (receipt != null) {
          if (Ids.uuid(receipt)) {
            l.data.set("receipt", l.optional("/api/v1/install/evidence/" + receipt, Map.of()));
          } else {
            l.invalid("receipt", "must be a receipt id");
          }
        }
      }
      case "events" -> {
        l.data.set(
            "list",
            l.optional(
                "/api/v1/install/security-events",
                l.params("type", "org", "severity", "from", "to", "cursor")));
        String event = l.param("event");
        if (event != null) {
          if (Ids.uuid(event)) {
            eventDetail(l, event);
          } else {
            l.invalid("event", "must be an event id");
          }
        }
      }
      default -> l.invalid("tab", "must be events, audit or evidence");
    }
  }

  private static void eventDetail(PageLoad l, String id) {
    JsonNode event = l.optional("/api/v1/install/security-events/" + id, Map.of());
    if (event == null) {
      return;
    }
    ObjectNode detail = l.data.putObject("detail");
    detail.set("event", event);
    String incident = event.path("incidentId").asText(null);
    if (Ids.uuid(incident)) {
      JsonNode found = l.optional("/api/v1/install/incidents/" + incident, Map.of());
      if (found != null) {
        detail.set("incident", found.path("incident"));
      }
    }
    String run = event.path("jobRunId").asText(null);
    if (Ids.uuid(run)) {
      detail.set("jobRun", l.optional("/api/v1/install/jobs/runs/" + run, Map.of()));
    }
  }

  @Get("/jobs")
  MutableHttpResponse<?> jobs(HttpRequest<?> request) {
    return pages.render(
        request,
        "jobs",
        "Jobs",
        l -> {
          l.data.set("jobs", l.require("/api/v1/install/jobs", Map.of()));
          Map<String, String> q = l.params("job", "cursor");
          q.put("limit", "20");
          l.data.set("runs", l.optional("/api/v1/install/jobs/runs", q));
        });
  }

  @Get("/organizations")
  MutableHttpResponse<?> organizations(HttpRequest<?> request) {
    return pages.render(
        request,
        "organizations",
        "Organizations",
        l -> l.data.set("list", l.optional("/api/v1/orgs", l.params("cursor"))));
  }

  @Get("/incidents")
  MutableHttpResponse<?> incidents(HttpRequest<?> request) {
    return pages.render(
        request,
        "incidents",
        "Incidents",
        l -> {
          Map<String, String> q = l.params("cursor");
          q.put("state", "resolved".equals(l.param("state")) ? "resolved" : "active");
          l.data.set("list", l.optional("/api/v1/install/incidents", q));
        });
  }

  @Get("/license")
  MutableHttpResponse<?> license(HttpRequest<?> request) {
    return pages.render(
        request,
        "license",
        "License",
        l -> l.data.set("license", l.require("/api/v1/install/license", Map.of())));
  }

  @Get("/health")
  MutableHttpResponse<?> health(HttpRequest<?> request) {
    return pages.render(
        request,
        "health",
        "Health",
        l -> l.data.set("health", l.require("/api/health/detailed", Map.of())));
  }

  static String org(String slug) {
    return "/api/v1/orgs/" + segment(slug);
  }
}
