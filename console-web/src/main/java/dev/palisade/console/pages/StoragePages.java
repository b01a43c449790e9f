package dev.palisade.console.pages;

import dev.palisade.console.Ids;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.util.Map;

/** An organization's storage page: bindings, their validation, and the migration runs. */
@Controller("/console/orgs/{slug}")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
@Produces(MediaType.TEXT_HTML)
final class StoragePages {
  private final Pages pages;

  StoragePages(Pages pages) {
    this.pages = pages;
  }

  /**
   * The storage bindings and migration runs ({@code audit:view}); {@code run} opens one run, {@code
   * state} filters the runs shown.
   */
  @Get("/storage")
  MutableHttpResponse<?> storage(HttpRequest<?> request, @PathVariable String slug) {
    return OrgPages.render(
        pages,
        request,
        slug,
        "org-storage",
        "Storage",
        l -> {
          l.data.set("storage", l.optional(SystemPages.org(slug) + "/storage", Map.of()));
          String run = l.param("run");
          if (run == null || l.problem != null) {
            return;
          }
          if (!Ids.uuid(run)) {
            l.invalid("run", "must be a migration run id");
            return;
          }
          l.data.set(
              "run", l.optional(SystemPages.org(slug) + "/storage/migrations/" + run, Map.of()));
        });
  }
}
