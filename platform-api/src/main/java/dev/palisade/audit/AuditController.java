package dev.palisade.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.identity.AccessControl;
import dev.palisade.identity.Permission;
import dev.palisade.paging.Page;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
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
      @Nullable @QueryValue String actor,
      @Nullable @QueryValue String action,
      @Nullable @QueryValue String subjectType,
      @Nullable @QueryValue String subjectId,
      @Nullable @QueryValue String from,
      @Nullable @QueryValue String to,
      @Nullable @QueryValue String q,
      @Nullable @QueryValue String sort,
      @Nullable @QueryValue Integer limit,
      @Nullable @QueryValue String cursor) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.AUDIT_VIEW);
    AuditFilter filter =
        AuditFilter.parse(actor, action, subjectType, subjectId, from, to, q, sort);
    return review.list(AuditChain.of(a.org()), a.caller().actor(), filter, limit, cursor);
  }

  @Get("/{id}")
  EntryView get(Authentication auth, String slug, String id) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.AUDIT_VIEW);
    return review.get(AuditChain.of(a.org()), a.caller().actor(), entryId(id));
  }

  @Get("/export")
  HttpResponse<StreamedFile> export(
      Authentication auth,
      String slug,
      @Nullable @QueryValue String format,
      @Nullable @QueryValue String actor,
      @Nullable @QueryValue String action,
      @Nullable @QueryValue String subjectType,
      @Nullable @QueryValue String subjectId,
      @Nullable @QueryValue String from,
      @Nullable @QueryValue String to,
      @Nullable @QueryValue String q,
      @Nullable @QueryValue String sort) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.AUDIT_VIEW);
    String f = AuditExport.format(format);
    AuditFilter filter =
        AuditFilter.parse(
            actor, action, subjectType, subjectId, from, to, q, sort == null ? "oldest" : sort);
    return review.export(AuditChain.of(a.org()), a.caller().actor(), filter, f, slug);
  }

  @Post("/verify")
  Verification verify(Authentication auth, String slug) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.AUDIT_VIEW);
    return review.verify(AuditChain.of(a.org()), a.caller().actor());
  }

  @Get("/checkpoints")
  List<Map<String, Object>> checkpoints(Authentication auth, String slug) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.AUDIT_VIEW);
    return review.checkpoints(AuditChain.of(a.org()));
  }

  static UUID entryId(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw PlatformException.invalidField("id", "must be an entry id (UUID)");
    }
  }

  static MediaType mediaType(String format) {
    return switch (format) {
      case "csv" -> MediaType.of("text/csv; charset=utf-8");
      case "json" -> MediaType.APPLICATION_JSON_TYPE;
      default -> MediaType.of("application/x-ndjson");
    };
  }

  static PlatformException notFound() {
    return new PlatformException(ErrorCode.NOT_FOUND, "audit entry not found");
  }

  static Object parse(ObjectMapper json, String text) {
    try {
      return text == null ? null : json.readValue(text, Object.class);
    } catch (java.io.IOException e) {
      return text;
    }
  }
}
