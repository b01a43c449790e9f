package dev.palisade.api.audit;

import dev.palisade.audit.AuditReview;
import dev.palisade.audit.CheckpointSigner;
import dev.palisade.audit.EntryView;
import dev.palisade.audit.Verification;
import dev.palisade.identity.AccessControl;
import dev.palisade.paging.Page;
import dev.palisade.tenancy.Scope;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestBean;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import java.util.List;
import java.util.Map;

/** The install-level audit chain (install admins) and the published checkpoint public key. */
@Controller("/api/v1/install/audit")
@ExecuteOn(TaskExecutors.BLOCKING)
final class InstallAuditController {
  private final AccessControl access;
  private final AuditReview review;
  private final CheckpointSigner signer;

  InstallAuditController(AccessControl access, AuditReview review, CheckpointSigner signer) {
    this.access = access;
    this.review = review;
    this.signer = signer;
  }

  @Get
  @Secured(SecurityRule.IS_AUTHENTICATED)
  Page<EntryView> list(
      Authentication auth,
      @RequestBean AuditQuery query,
      @Nullable @QueryValue Integer limit,
      @Nullable @QueryValue String cursor) {
    String actorId = access.requireInstallAdmin(auth).actor();
    return review.list(Scope.install(), actorId, query.filter(), limit, cursor);
  }

  @Get("/{id}")
  @Secured(SecurityRule.IS_AUTHENTICATED)
  EntryView get(Authentication auth, String id) {
    String actorId = access.requireInstallAdmin(auth).actor();
    return review.get(Scope.install(), actorId, AuditController.entryId(id));
  }

  @Post("/verify")
  @Secured(SecurityRule.IS_AUTHENTICATED)
  Verification verify(Authentication auth) {
    return review.verify(Scope.install(), access.requireInstallAdmin(auth).actor());
  }

  @Get("/checkpoints")
  @Secured(SecurityRule.IS_AUTHENTICATED)
  List<Map<String, Object>> checkpoints(Authentication auth) {
    access.requireInstallAdmin(auth);
    return review.checkpoints(Scope.install());
  }

  /** Public: anyone holding an export or a receipt may check signatures with this key. */
  @Get("/public-key")
  @Secured(SecurityRule.IS_ANONYMOUS)
  Map<String, Object> publicKey() {
    return signer.published();
  }
}
