package dev.palisade.api.audit;

import dev.palisade.audit.AuditFilter;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.identity.AccessControl;
import dev.palisade.identity.Permission;
import dev.palisade.storage.AuditBundle;
import dev.palisade.storage.AuditBundleExports;
import dev.palisade.tenancy.Scope;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import java.util.List;
import java.util.Map;

/**
 * Exports of an organization's audit log to its storage binding, as verifiable bundles (see {@code
 * docs/audit-log.md}). Needs {@code audit:view}, as the download export does.
 */
@Controller("/api/v1/orgs/{slug}/audit/exports")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class AuditExportsController {
  private final AccessControl access;
  private final AuditBundleExports exports;

  AuditExportsController(AccessControl access, AuditBundleExports exports) {
    this.access = access;
    this.exports = exports;
  }

  /** {@code format} ndjson (default) or json; {@code filters} as the listing's query parameters. */
  record ExportRequest(@Nullable String format, @Nullable Map<String, Object> filters) {}

  @Post
  HttpResponse<AuditBundle> create(Authentication auth, String slug, @Body ExportRequest request) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.AUDIT_VIEW);
    String format = request.format() == null ? "ndjson" : request.format();
    if (!List.of("ndjson", "json").contains(format)) {
      throw PlatformException.invalidField(
          "format", "must be ndjson or json (a CSV export carries no checkpoint to verify)");
    }
    AuditFilter filter = AuditFilter.fromBody(request.filters());
    return HttpResponse.created(
        exports.export(Scope.of(a.org()), a.caller().actor(), filter, format));
  }

  @Get
  Map<String, List<AuditBundle>> list(Authentication auth, String slug) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.AUDIT_VIEW);
    return Map.of("items", exports.list(Scope.of(a.org())));
  }

  @Get("/{id}/bundle")
  HttpResponse<StreamedFile> bundle(Authentication auth, String slug, String id) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.AUDIT_VIEW);
    AuditBundleExports.Download d =
        exports
            .open(Scope.of(a.org()), a.caller().actor(), exportId(id))
            .orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND, "no such audit export"));
    StreamedFile file =
        new StreamedFile(
            d.content(),
            MediaType.of("application/zip"),
            d.bundle().createdAt().toEpochMilli(),
            d.bundle().size());
    return HttpResponse.ok(file)
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            "attachment; filename=\"audit-export-" + d.bundle().id() + ".zip\"")
        .header("X-Checksum-Sha256", d.bundle().sha256());
  }

  private static java.util.UUID exportId(String id) {
    try {
      return java.util.UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw PlatformException.invalidField("id", "must be an export id (UUID)");
    }
  }
}
