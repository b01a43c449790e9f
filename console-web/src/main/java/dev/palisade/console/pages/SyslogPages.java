package dev.palisade.console.pages;

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

/**
 * Syslog forwarding: the install's destination (install admins) and each organization's ({@code
 * settings:manage}), with its state and counters as the API reports them.
 */
@Controller("/console")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
@Produces(MediaType.TEXT_HTML)
final class SyslogPages {
  private final Pages pages;

  SyslogPages(Pages pages) {
    this.pages = pages;
  }

  @Get("/system/syslog")
  MutableHttpResponse<?> install(HttpRequest<?> request) {
    return pages.render(
        request,
        "syslog",
        "Syslog",
        l -> l.data.set("syslog", l.optional("/api/v1/install/syslog", Map.of())));
  }

  @Get("/orgs/{slug}/syslog")
  MutableHttpResponse<?> org(HttpRequest<?> request, @PathVariable String slug) {
    return OrgPages.render(
        pages,
        request,
        slug,
        "org-syslog",
        "Syslog",
        l -> l.data.set("syslog", l.optional(SystemPages.org(slug) + "/syslog", Map.of())));
  }
}
