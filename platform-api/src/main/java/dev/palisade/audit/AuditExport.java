package dev.palisade.audit;

import dev.palisade.crypto.Hashes;
import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.Databases;
import dev.palisade.tenancy.Scope;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.JdbiException;

/**
 * Writes a chain's entries (filtered) to an output in CSV, JSON or NDJSON. The entries are those up
 * to the chain's head when the export starts, read a page at a time: each page is read on a
 * connection that is given back before the page is written, so a slow reader holds no database
 * connection. Every row carries the fields the hash covers, exactly as hashed, plus {@code
 * previousChainHash}; NDJSON and JSON end with an {@link ExportCheckpoint} signed when the export
 * ends, so that an export can be verified offline, its tail included (see {@code
 * docs/audit-chain.md}).
 */
@Singleton
public final class AuditExport {
  /** The exported column names, in order. */
  public static final List<String> COLUMNS = ExportFormat.COLUMNS;

  private static final String PAGE =
      "select "
          + AuditEntries.COLUMNS
          + ", (select p.chain_hash from audit_entries p where p.sequence = audit_entries.sequence"
          + " - 1) from audit_entries"
          + AuditQueries.WHERE
          + " and sequence <cmp> :after and sequence <= :head"
          + " order by sequence <dir> limit :limit";

  private final Databases databases;
  private final CheckpointSigner signer;
  private final Clock clock;
  private final int pageSize;

  AuditExport(Databases databases, CheckpointSigner signer, Clock clock, AuditConfig config) {
    this.databases = databases;
    this.signer = signer;
    this.clock = clock;
    this.pageSize = config.exportPageSize();
  }

  /** Validates the format name: csv, json or ndjson. */
  public static String format(String format) {
    String f = format == null ? "ndjson" : format;
    if (!List.of("csv", "json", "ndjson").contains(f)) {
      throw PlatformException.invalidField("format", "must be csv, json or ndjson");
    }
    return f;
  }

  /** Writes the export to {@code out} and returns the export checkpoint that ends it. */
  public ExportCheckpoint write(Scope chain, AuditFilter filter, String format, OutputStream out)
      throws IOException {
    long head = read(chain, AuditEntries::maxSequence);
    ExportFormat writer = ExportFormat.of(format, chain.id(), out);
    MessageDigest digest = Hashes.sha256();
    long after = filter.newestFirst() ? head + 1 : 0;
    long entries = 0;
    AuditEntry highest = null;
    while (true) {
      List<ExportFormat.Row> page = page(chain, filter, after, head);
      for (ExportFormat.Row r : page) {
        writer.entry(r);
        digest.update(r.entry().chainHash());
        entries++;
        if (highest == null || r.entry().sequence() > highest.sequence()) {
          highest = r.entry();
        }
      }
      if (page.size() < pageSize) {
        break;
      }
      after = page.get(page.size() - 1).entry().sequence();
    }
    ExportCheckpoint checkpoint = checkpoint(chain, highest, entries, digest.digest());
    writer.end(checkpoint);
    return checkpoint;
  }

  private List<ExportFormat.Row> page(Scope chain, AuditFilter filter, long after, long head) {
    return read(
        chain,
        h ->
            AuditQueries.filtered(h, PAGE, filter)
                .bind("after", after)
                .bind("head", head)
                .bind("limit", pageSize)
                .map((rs, ctx) -> row(AuditEntries.map(chain.id(), rs), rs.getBytes(15)))
                .list());
  }

  private ExportCheckpoint checkpoint(Scope chain, AuditEntry highest, long entries, byte[] dg) {
    long sequence = highest == null ? 0 : highest.sequence();
    byte[] chainHash = highest == null ? ChainEncoding.GENESIS : highest.chainHash();
    Instant now = ChainEncoding.truncate(clock.instant());
    byte[] signature =
        signer.sign(ExportCheckpoint.message(chain.id(), sequence, chainHash, entries, dg, now));
    return new ExportCheckpoint(
        chain.id(), sequence, chainHash, entries, dg, now, signer.keyId(), signature);
  }

  private <T> T read(Scope chain, org.jdbi.v3.core.HandleCallback<T, RuntimeException> work) {
    try {
      return databases.read(chain, work);
    } catch (JdbiException e) {
      throw PlatformException.database("cannot read the audit chain", e);
    }
  }

  private static ExportFormat.Row row(AuditEntry e, byte[] previous) {
    return new ExportFormat.Row(
        e, previous == null && e.sequence() == 1 ? ChainEncoding.GENESIS : previous);
  }
}
