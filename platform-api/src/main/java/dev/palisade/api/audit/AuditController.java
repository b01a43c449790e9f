package dev.palisade.api.audit;

import dev.palisade.audit.AuditExport;
import dev.palisade.audit.AuditReview;
import dev.palisade.audit.EntryView;
import dev.palisade.audit.Verification;
import dev.palisade.errors.PlatformException;
import dev.palisade.identity.AccessControl;
import dev.palisade.identity.Permission;
import dev.palisade.paging.Page;
import dev.palisade.tenancy.Scope;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestBean;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An organization's audit log: review, export, verify. Needs {@code audit:view}. */
@Controller("/api/v1/orgs/{slug}/audit")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class AuditController {
  private final AccessControl access;
  private final AuditReview review;

  AuditController(AccessControl access, AuditReview review) {
    this.access = access;
    this.review = review;
  }

  @Get
  Page<EntryView> list(
      Authentication auth,
      String slug,
      @RequestBean AuditQuery query,
      @Nullable @QueryValue Integer limit,
      @Nullable @QueryValue String cursor) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.AUDIT_VIEW);
    return review.list(Scope.of(a.org()), a.caller().actor(), query.filter(), limit, cursor);
  }

  @Get("/{id}")
  EntryView get(Authentication auth, String slug, String id) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.AUDIT_VIEW);
    return review.get(Scope.of(a.org()), a.caller().actor(), entryId(id));
  }

  @Get("/export")
  HttpResponse<StreamedFile> export(
      Authentication auth,
      String slug,
      @Nullable @QueryValue String format,
      @RequestBean AuditQuery query) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.AUDIT_VIEW);
    String f = AuditExport.format(format);
    return file(
        review.export(Scope.of(a.org()), a.caller().actor(), query.filter("oldest"), f, slug));
  }

  @Post("/verify")
  Verification verify(Authentication auth, String slug) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.AUDIT_VIEW);
    return review.verify(Scope.of(a.org()), a.caller().actor());
  }

  @Get("/checkpoints")
  List<Map<String, Object>> checkpoints(Authentication auth, String slug) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.AUDIT_VIEW);
    return review.checkpoints(Scope.of(a.org()));
  }

  static UUID entryId(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw PlatformException.invalidField("id", "must be an entry id (UUID)");
    }
  }

  static HttpResponse<StreamedFile> file(AuditReview.Export export) {
    MediaType type =
        switch (export.format()) {
          case "csv" -> MediaType.of("text/csv; charset=utf-8");
          case "json" -> MediaType.APPLICATION_JSON_TYPE;
          default -> MediaType.of("application/x-ndjson");
        };
    return HttpResponse.ok(new StreamedFile(export.body(), type))
        .header(
            HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + export.fileName() + "\"");
  }
}
