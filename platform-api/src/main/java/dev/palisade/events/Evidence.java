package dev.palisade.events;

import static java.util.Objects.requireNonNull;

import dev.palisade.audit.AuditEvent;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.CheckpointSigner;
import dev.palisade.crypto.CanonicalJson;
import dev.palisade.crypto.Hashes;
import dev.palisade.telemetry.Sanitizer;
import dev.palisade.tenancy.InstallId;
import dev.palisade.tenancy.Scope;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Issues operation evidence: a receipt saying what was done, by whom, when and with what outcome,
 * signed with the install checkpoint key and recorded in the install audit chain in the same
 * transaction as the receipt itself.
 */
@Singleton
public final class Evidence {
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";

  private final AuditLog audit;
  private final CheckpointSigner signer;
  private final InstallId installId;
  private final Clock clock;

  Evidence(AuditLog audit, CheckpointSigner signer, InstallId installId, Clock clock) {
    this.audit = audit;
    this.signer = signer;
    this.installId = installId;
    this.clock = clock;
  }

  /**
   * Issues a receipt. {@code details} holds public, non-secret facts (provider kind, key version,
   * license id); string values are sanitized. Throws if the receipt cannot be signed or stored.
   *
   * @param operation e.g. {@code license.import}, {@code keys.verify}, {@code keys.rotate}
   * @param outcome {@link #SUCCEEDED} or {@link #FAILED}
   */
  public Receipt issue(
      String operation,
      String actor,
      UUID orgId,
      String subject,
      String outcome,
      Map<String, Object> details) {
    requireNonNull(operation, "operation is null");
    requireNonNull(actor, "actor is null");
    if (!SUCCEEDED.equals(outcome) && !FAILED.equals(outcome)) {
      throw new IllegalArgumentException("outcome is succeeded or failed");
    }
    UUID id = UUID.randomUUID();
    Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("version", 1);
    doc.put("id", id.toString());
    doc.put("installId", installId.toString());
    doc.put("operation", operation);
    doc.put("actor", actor);
    doc.put("org", orgId == null ? "install" : orgId.toString());
    if (subject != null) {
      doc.put("subject", Sanitizer.clean(subject));
    }
    doc.put("outcome", outcome);
    doc.put("issuedAt", issuedAt.toString());
    doc.put("keyId", signer.keyId());
    if (details != null && !details.isEmpty()) {
      Map<String, Object> clean = new LinkedHashMap<>();
      details.forEach((k, v) -> clean.put(k, v instanceof String s ? Sanitizer.clean(s) : v));
      doc.put("details", clean);
    }
    String document = CanonicalJson.write(doc);
    byte[] signature = signer.sign(document.getBytes(StandardCharsets.UTF_8));
    Receipt receipt =
        new Receipt(
            id,
            issuedAt,
            operation,
            actor,
            orgId,
            (String) doc.get("subject"),
            outcome,
            document,
            signer.keyId(),
            signature);
    return audit.change(
        Scope.install(),
        h -> {
          h.createUpdate(
                  "insert into operation_evidence (id, issued_at, operation, actor, org_id,"
                      + " subject, outcome, receipt, key_id, signature) values (:id, :issuedAt,"
                      + " :operation, :actor, :orgId, :subject, :outcome, :document, :keyId,"
                      + " :signature)")
              .bindMethods(receipt)
              .execute();
          return receipt;
        },
        r ->
            AuditEvent.by(actor.startsWith("system") ? "system" : "user", actor)
                .subject("evidence", id)
                .publicMetadata(
                    Map.of(
                        "operation", operation,
                        "outcome", outcome,
                        "receiptSha256", Hashes.sha256Hex(document)))
                .action("evidence.issued"));
  }
}
