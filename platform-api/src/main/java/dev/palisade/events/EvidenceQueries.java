package dev.palisade.events;

import dev.palisade.audit.AuditChain;
import dev.palisade.audit.AuditEntry;
import dev.palisade.audit.AuditFilter;
import dev.palisade.audit.AuditQueries;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.paging.Page;
import dev.palisade.paging.TimeCursor;
import dev.palisade.tenancy.InstallDatabase;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads operation evidence, newest first, and finds the install audit entry of a receipt. */
@Singleton
final class EvidenceQueries {
  private final InstallDatabase install;
  private final AuditQueries audit;

  EvidenceQueries(InstallDatabase install, AuditQueries audit) {
    this.install = install;
    this.audit = audit;
  }

  /** The entry of the install chain that recorded a receipt, as far as it proves the link. */
  record ChainLink(
      String chainId,
      long sequence,
      UUID entryId,
      String occurredAt,
      String action,
      String metadata,
      String contentHash,
      String chainHash) {}

  Page<EvidenceView> list(
      String operation,
      Filters.OrgScope org,
      String from,
      String to,
      Integer limit,
      String cursor) {
    int n = Page.limit(limit);
    String op = Filters.text("operation", operation);
    Instant f = Filters.time("from", from);
    Instant u = Filters.time("to", to);
    Filters.range(f, u);
    TimeCursor after = TimeCursor.decode(cursor);
    List<Object> params = new ArrayList<>();
    List<String> where = new ArrayList<>();
    where.add("true");
    if (op != null) {
      where.add("(v.operation = ? or starts_with(v.operation, ?))");
      params.add(op);
      params.add(op.endsWith(".") ? op : op + ".");
    }
    String o = org.where("v.org_id", params);
    if (o != null) {
      where.add(o);
    }
    if (f != null) {
      where.add("v.issued_at >= ?");
      params.add(Rows.param(f));
    }
    if (u != null) {
      where.add("v.issued_at < ?");
      params.add(Rows.param(u));
    }
    if (after != null) {
      where.add("(v.issued_at, v.id) < (?, ?)");
      params.add(Rows.param(after.time()));
      params.add(after.id());
    }
    params.add(n + 1);
    List<EvidenceView> rows =
        Rows.query(
            install,
            EvidenceView.SELECT
                + " where "
                + String.join(" and ", where)
                + " order by v.issued_at desc, v.id desc limit ?",
            params,
            EvidenceView::map);
    return Page.of(rows, n, v -> TimeCursor.key(v.issuedAt(), v.id().toString()));
  }

  EvidenceView get(UUID id) {
    List<EvidenceView> rows =
        Rows.query(
            install, EvidenceView.SELECT + " where v.id = ?", List.of(id), EvidenceView::map);
    if (rows.isEmpty()) {
      throw new PlatformException(ErrorCode.NOT_FOUND, "evidence not found");
    }
    return rows.get(0);
  }

  Optional<ChainLink> chainLink(UUID evidenceId) {
    AuditFilter filter =
        new AuditFilter(
            null, "evidence.issued", "evidence", evidenceId.toString(), null, null, null, true);
    List<AuditEntry> entries = audit.list(AuditChain.install(), filter, null, 1);
    return entries.stream()
        .findFirst()
        .map(
            e ->
                new ChainLink(
                    e.chainId(),
                    e.sequence(),
                    e.id(),
                    e.occurredAt().toString(),
                    e.action(),
                    e.publicMetadata(),
                    HexFormat.of().formatHex(e.contentHash()),
                    HexFormat.of().formatHex(e.chainHash())));
  }
}
