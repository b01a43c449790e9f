package dev.palisade.events;

import dev.palisade.audit.AuditEntry;
import dev.palisade.audit.AuditFilter;
import dev.palisade.audit.AuditQueries;
import dev.palisade.paging.Page;
import dev.palisade.paging.TimeCursor;
import dev.palisade.tenancy.Databases;
import dev.palisade.tenancy.Scope;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Reads the {@code operation_evidence} table, newest first, and finds the install audit entry of a
 * receipt.
 */
@Singleton
public final class EvidenceQueries {
  private static final String COLUMNS =
      "id, issued_at, operation, actor, org_id, subject, outcome, key_id, receipt, signature";

  private final Jdbi install;
  private final Table<EvidenceView> table;
  private final AuditQueries audit;
  private final OrgRefs orgs;

  EvidenceQueries(Databases databases, AuditQueries audit, OrgRefs orgs) {
    this.install = databases.install();
    this.table = new Table<>(install, "operation_evidence", COLUMNS, (rs, ctx) -> map(rs));
    this.audit = audit;
    this.orgs = orgs;
  }

  /** The entry of the install chain that recorded a receipt, as far as it proves the link. */
  public record ChainLink(
      String chainId,
      long sequence,
      UUID entryId,
      String occurredAt,
      String action,
      String metadata,
      String contentHash,
      String chainHash) {}

  public Page<EvidenceView> list(
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
    List<EvidenceView> rows =
        install.withHandle(
            h ->
                TimeCursor.bind(
                        h.createQuery(
                            table.select()
                                + " where (:op::text is null or operation ="
                                + " :op or starts_with(operation, :opPrefix)) and "
                                + Filters.orgCondition("org_id")
                                + " and (:from::timestamptz is null or issued_at >= :from)"
                                + " and (:to::timestamptz is null or issued_at < :to)"
                                + " and "
                                + TimeCursor.condition("issued_at")
                                + " order by issued_at desc, id desc limit :limit"),
                        after)
                    .bind("op", op)
                    .bind("opPrefix", op == null ? null : op.endsWith(".") ? op : op + ".")
                    .bindMethods(org)
                    .bind("from", f)
                    .bind("to", u)
                    .bind("limit", n + 1)
                    .map((rs, ctx) -> map(rs))
                    .list());
    return Page.of(resolve(rows), n, v -> TimeCursor.key(v.issuedAt(), v.id().toString()));
  }

  public EvidenceView get(UUID id) {
    return Filters.found(resolve(table.byId(id)), "evidence");
  }

  public Optional<ChainLink> chainLink(UUID evidenceId) {
    AuditFilter filter =
        new AuditFilter(
            null, "evidence.issued", "evidence", evidenceId.toString(), null, null, null, true);
    List<AuditEntry> entries = audit.list(Scope.install(), filter, null, 1);
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

  private List<EvidenceView> resolve(List<EvidenceView> rows) {
    return orgs.resolve(rows, EvidenceView::orgId, EvidenceView::withOrg);
  }

  private static EvidenceView map(ResultSet rs) throws SQLException {
    return new EvidenceView(
        rs.getObject("id", UUID.class),
        Filters.time(rs, "issued_at"),
        rs.getString("operation"),
        rs.getString("actor"),
        null,
        rs.getString("subject"),
        rs.getString("outcome"),
        rs.getString("key_id"),
        rs.getString("receipt"),
        rs.getBytes("signature"),
        rs.getObject("org_id", UUID.class));
  }
}
