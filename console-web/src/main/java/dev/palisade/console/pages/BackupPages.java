package dev.palisade.console.pages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.Set;

/**
 * System → Backups, for install admins: the recent backup runs, the two jobs that make and check
 * them, and the backup plan's findings; {@code backup} opens one run with its newest validation.
 */
@Controller("/console/system")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
@Produces(MediaType.TEXT_HTML)
final class BackupPages {
  static final Set<String> JOBS = Set.of("database-backup", "backup-restore-validation");
  private final Pages pages;

  BackupPages(Pages pages) {
    this.pages = pages;
  }

  @Get("/backups")
  MutableHttpResponse<?> backups(HttpRequest<?> request) {
    return pages.render(
        request,
        "backups",
        "Backups",
        l -> {
          l.data.set("backups", l.require("/api/v1/install/backups", Map.of()));
          l.data.set("jobs", jobs(l.optional("/api/v1/install/jobs", Map.of())));
          JsonNode saved = l.problem;
          JsonNode plan = l.optional("/api/v1/install/backup/plan", Map.of());
          if (plan == null) {
            l.data.set("planProblem", l.problem);
            l.problem = saved;
          } else {
            l.data.set("plan", plan);
          }
          String id = l.param("backup");
          if (id == null) {
            return;
          }
          if (!Ids.uuid(id)) {
            l.invalid("backup", "must be a backup id");
            return;
          }
          l.data.set("backup", l.optional("/api/v1/install/backups/" + id, Map.of()));
        });
  }

  /** The backup jobs among every job, or null when the jobs could not be read. */
  private static JsonNode jobs(JsonNode all) {
    if (all == null || !all.isArray()) {
      return null;
    }
    ArrayNode out = ((ArrayNode) all).arrayNode();
    for (JsonNode j : all) {
      if (JOBS.contains(j.path("name").asText())) {
        out.add(j);
      }
    }
    return out;
  }
}
