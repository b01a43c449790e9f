package dev.palisade.api.orgs;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.identity.AccessControl;
import dev.palisade.identity.Caller;
import dev.palisade.identity.Permission;
import dev.palisade.paging.Page;
import dev.palisade.provisioning.Provisioning;
import dev.palisade.tenancy.OrgSettings;
import dev.palisade.tenancy.Organization;
import dev.palisade.tenancy.Organizations;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Organizations: install admins create and list all; members see and (as admins) edit theirs. */
@Controller("/api/v1/orgs")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class OrgController {
  private final AccessControl access;
  private final Organizations organizations;
  private final Provisioning provisioning;

  OrgController(AccessControl access, Organizations organizations, Provisioning provisioning) {
    this.access = access;
    this.organizations = organizations;
    this.provisioning = provisioning;
  }

  record CreateRequest(
      @Nullable String slug,
      @Nullable String name,
      @Nullable String timezone,
      @Nullable String locale) {}

  record UpdateRequest(
      @Nullable String slug,
      @Nullable String name,
      @Nullable String timezone,
      @Nullable String locale,
      @Nullable Boolean requireMfa) {}

  /** The API view; {@code databaseName} is shown to install admins only. */
  @com.fasterxml.jackson.annotation.JsonInclude(
      com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
  record OrgView(
      UUID id,
      String slug,
      String name,
      String timezone,
      String locale,
      boolean requireMfa,
      @Nullable String databaseName,
      Instant createdAt,
      Instant updatedAt) {
    static OrgView of(Organization o, Caller caller) {
      return new OrgView(
          o.id(),
          o.slug(),
          o.name(),
          o.timezone(),
          o.locale(),
          o.requireMfa(),
          caller.isInstallAdmin() ? o.databaseName() : null,
          o.createdAt(),
          o.updatedAt());
    }
  }

  @Post
  HttpResponse<OrgView> create(Authentication auth, @Body CreateRequest request) {
    Caller caller = access.requireInstallAdmin(auth);
    OrgSettings settings =
        new OrgSettings(request.slug(), request.name(), request.timezone(), request.locale());
    return HttpResponse.created(OrgView.of(provisioning.create(settings, caller.actor()), caller));
  }

  @Get
  Page<OrgView> list(
      Authentication auth,
      @Nullable @QueryValue Integer limit,
      @Nullable @QueryValue String cursor) {
    Caller caller = access.caller(auth);
    int n = Page.limit(limit);
    if (!caller.isInstallAdmin()) {
      List<OrgView> own =
          organizations.findById(caller.orgId()).stream().map(o -> OrgView.of(o, caller)).toList();
      return new Page<>(own, null);
    }
    List<OrgView> rows =
        organizations.list(Page.decode(cursor), n + 1).stream()
            .map(o -> OrgView.of(o, caller))
            .toList();
    return Page.of(rows, n, OrgView::slug);
  }

  @Get("/{slug}")
  OrgView get(Authentication auth, String slug) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.ORG_VIEW);
    return OrgView.of(a.org(), a.caller());
  }

  @Patch("/{slug}")
  OrgView update(Authentication auth, String slug, @Body UpdateRequest request) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.SETTINGS_MANAGE);
    if (request.slug() == null
        && request.name() == null
        && request.timezone() == null
        && request.locale() == null
        && request.requireMfa() == null) {
      throw new PlatformException(
          ErrorCode.MALFORMED_REQUEST,
          "give at least one of slug, name, timezone, locale, requireMfa");
    }
    Organization o = a.org();
    OrgSettings settings =
        new OrgSettings(
            request.slug() != null ? request.slug() : o.slug(),
            request.name() != null ? request.name() : o.name(),
            request.timezone() != null ? request.timezone() : o.timezone(),
            request.locale() != null ? request.locale() : o.locale(),
            request.requireMfa() != null ? request.requireMfa() : o.requireMfa());
    return OrgView.of(provisioning.update(o, settings, a.caller().actor()), a.caller());
  }
}
