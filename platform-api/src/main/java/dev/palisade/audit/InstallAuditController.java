package dev.palisade.audit;

import dev.palisade.identity.AccessControl;
import dev.palisade.paging.Page;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import java.util.Base64;
import java.util.LinkedHashMap;
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
    String actorId = access.requireInstallAdmin(auth).actor();
    AuditFilter filter =
        AuditFilter.parse(actor, action, subjectType, subjectId, from, to, q, sort);
    return review.list(AuditChain.install(), actorId, filter, limit, cursor);
  }

  @Get("/{id}")
  @Secured(SecurityRule.IS_AUTHENTICATED)
  EntryView get(Authentication auth, String id) {
    String actorId = access.requireInstallAdmin(auth).actor();
    return review.get(AuditChain.install(), actorId, AuditController.entryId(id));
  }

  @Post("/verify")
  @Secured(SecurityRule.IS_AUTHENTICATED)
  Verification verify(Authentication auth) {
    return review.verify(AuditChain.install(), access.requireInstallAdmin(auth).actor());
  }

  @Get("/checkpoints")
  @Secured(SecurityRule.IS_AUTHENTICATED)
  List<Map<String, Object>> checkpoints(Authentication auth) {
    access.requireInstallAdmin(auth);
    return review.checkpoints(AuditChain.install());
  }

  /** Public: anyone holding an export or a receipt may check signatures with this key. */
  @Get("/public-key")
  @Secured(SecurityRule.IS_ANONYMOUS)
  Map<String, Object> publicKey() {
    byte[] raw = signer.publicKey();
    // X.509 SubjectPublicKeyInfo for Ed25519: fixed 12-byte prefix + 32-byte key.
    byte[] spki = new byte[44];
    byte[] prefix = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    System.arraycopy(prefix, 0, spki, 0, 12);
    System.arraycopy(raw, 0, spki, 12, 32);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("algorithm", "Ed25519");
    m.put("keyId", signer.keyId());
    m.put("publicKey", Base64.getEncoder().encodeToString(raw));
    m.put(
        "pem",
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getEncoder().encodeToString(spki)
            + "\n-----END PUBLIC KEY-----\n");
    return m;
  }
}
