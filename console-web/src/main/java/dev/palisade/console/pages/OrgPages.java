package dev.palisade.console.pages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.console.ConsoleProblem;
import dev.palisade.console.Ids;
import dev.palisade.console.session.SessionCookie;
import dev.palisade.console.session.Transport;
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

/** An organization's pages: what each shows is what the API lets the caller read. */
@Controller("/console/orgs/{slug}")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
@Produces(MediaType.TEXT_HTML)
final class OrgPages {
  private final Pages pages;

  OrgPages(Pages pages) {
    this.pages = pages;
  }

  private MutableHttpResponse<?> org(
      HttpRequest<?> request, String slug, String page, String title, Pages.Loader more) {
    return render(pages, request, slug, page, title, more);
  }

  /**
   * An organization's page: the organization and the caller's access to it ({@code GET /api/v1/me},
   * as {@code data.access}), then what the page itself loads.
   */
  static MutableHttpResponse<?> render(
      Pages pages,
      HttpRequest<?> request,
      String slug,
      String page,
      String title,
      Pages.Loader more) {
    if (!Ids.slug(slug)) {
      if (SessionCookie.read(request).isEmpty()) {
        return Pages.toSignIn(request, false);
      }
      JsonNode p =
          ConsoleProblem.invalidField(
                  "slug", "is not an organization slug", Transport.requestId(request))
              .toJson();
      return pages.page(
          request, page, title, SessionCookie.read(request).get().view(), null, p, 422);
    }
    return pages.render(
        request,
        page,
        title + " · " + slug,
        l -> {
          l.data.set("org", l.require(SystemPages.org(slug), Map.of()));
          JsonNode me = l.require("/api/v1/me", Map.of("org", slug));
          JsonNode access = me.path("organizations").path(0);
          l.data.set("access", access.isObject() ? access : l.data.objectNode());
          more.load(l);
        });
  }

  @Get("/audit")
  MutableHttpResponse<?> audit(HttpRequest<?> request, @PathVariable String slug) {
    return org(
        request,
        slug,
        "org-audit",
        "Audit log",
        l -> {
          l.data.set(
              "list",
              l.optional(SystemPages.org(slug) + "/audit", l.params(SystemPages.AUDIT_FILTERS)));
          entry(l, SystemPages.org(slug) + "/audit/");
        });
  }

  /** The entry named by the {@code entry} parameter, for the drawer. */
  static void entry(PageLoad l, String prefix) {
    String id = l.param("entry");
    if (id == null) {
      return;
    }
    if (!Ids.uuid(id)) {
      l.invalid("entry", "must be an entry id");
      return;
    }
    JsonNode saved = l.problem;
    JsonNode entry = l.optional(prefix + id, Map.of());
    if (entry == null) {
      l.data.set("entryProblem", l.problem);
      l.problem = saved;
    } else {
      l.data.set("entry", entry);
    }
  }

  @Get("/members")
  MutableHttpResponse<?> members(HttpRequest<?> request, @PathVariable String slug) {
    return org(
        request,
        slug,
        "org-members",
        "Members",
        l -> {
          l.data.set("list", l.optional(SystemPages.org(slug) + "/members", l.params("cursor")));
          if (may(l, "members:manage")) {
            String cursor = l.param("invitationCursor");
            JsonNode saved = l.problem;
            JsonNode invitations =
                l.optional(
                    SystemPages.org(slug) + "/invitations",
                    cursor == null || cursor.isEmpty() ? Map.of() : Map.of("cursor", cursor));
            if (invitations == null) {
              l.data.set("invitationsProblem", l.problem);
              l.problem = saved;
            } else {
              l.data.set("invitations", invitations);
            }
          }
        });
  }

  /**
   * Whether the caller holds {@code permission} in the page's organization, as {@code GET
   * /api/v1/me} answered it: decides what the page shows, never what the API allows.
   */
  static boolean may(PageLoad l, String permission) {
    return grants(l.data.path("access"), permission);
  }

  /** Whether one organization of {@code GET /api/v1/me} lists {@code permission}. */
  static boolean grants(JsonNode access, String permission) {
    for (JsonNode p : access.path("permissions")) {
      if (permission.equals(p.asText())) {
        return true;
      }
    }
    return false;
  }

  @Get("/keys")
  MutableHttpResponse<?> keys(HttpRequest<?> request, @PathVariable String slug) {
    return org(
        request,
        slug,
        "org-keys",
        "Key management",
        l -> {
          l.data.set("keys", l.optional(SystemPages.org(slug) + "/keys", Map.of()));
          if (l.session().installAdmin()) {
            JsonNode last =
                l.optional(
                    "/api/v1/install/evidence",
                    Map.of("operation", "keys.verify", "org", slug, "limit", "1"));
            JsonNode first = last == null ? null : last.path("items").path(0);
            if (first != null && !first.isMissingNode()) {
              l.data.set("lastVerification", first);
            } else {
              l.data.put("lastVerificationNote", "not verified since the keyring was created");
            }
          } else {
            l.data.put(
                "lastVerificationNote",
                "verification receipts are shown to install admins; use Verify now");
          }
        });
  }

  @Get("/security-events")
  MutableHttpResponse<?> events(HttpRequest<?> request, @PathVariable String slug) {
    return org(
        request,
        slug,
        "org-events",
        "Security events",
        l ->
            l.data.set(
                "list",
                l.optional(
                    SystemPages.org(slug) + "/security-events",
                    l.params("type", "severity", "from", "to", "cursor"))));
  }

  @Get("/settings")
  MutableHttpResponse<?> settings(HttpRequest<?> request, @PathVariable String slug) {
    return org(request, slug, "org-settings", "Settings", l -> {});
  }
}
