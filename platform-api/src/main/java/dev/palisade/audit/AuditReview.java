package dev.palisade.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.paging.Page;
import dev.palisade.tenancy.Scope;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Review of a chain by people: listing, opening one entry, exporting and verifying; each of these
 * is itself recorded in the chain ({@code audit.viewed}, {@code audit.exported}, {@code
 * audit.verified}) before the data is handed out.
 */
@Singleton
public final class AuditReview {
  private static final Logger LOG = LoggerFactory.getLogger(AuditReview.class);

  private final AuditQueries queries;
  private final AuditExport export;
  private final ChainVerifier verifier;
  private final Checkpoints checkpoints;
  private final AuditLog audit;
  private final ObjectMapper json;
  private final ExportSlots slots;
  private final Duration exportWriteTimeout;
  private final ExecutorService exports =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "palisade-audit-export");
            t.setDaemon(true);
            return t;
          });

  AuditReview(
      AuditQueries queries,
      AuditExport export,
      ChainVerifier verifier,
      Checkpoints checkpoints,
      AuditLog audit,
      ObjectMapper json,
      ExportSlots slots,
      AuditConfig config) {
    this.queries = queries;
    this.export = export;
    this.verifier = verifier;
    this.checkpoints = checkpoints;
    this.audit = audit;
    this.json = json;
    this.slots = slots;
    this.exportWriteTimeout = config.exportWriteTimeout();
  }

  public Page<EntryView> list(
      Scope chain, String actor, AuditFilter filter, Integer limit, String cursor) {
    int n = Page.limit(limit);
    String decoded = Page.decode(cursor);
    Long after = null;
    if (decoded != null) {
      try {
        after = Long.parseLong(decoded);
      } catch (NumberFormatException e) {
        throw PlatformException.invalidField("cursor", "is not a cursor returned by this API");
      }
    }
    audit.record(
        chain,
        AuditEvent.by("user", actor)
            .subject("audit-log", chain.id())
            .publicMetadata(filter.describe())
            .action("audit.viewed"));
    List<EntryView> rows = new ArrayList<>();
    for (AuditEntry e : queries.list(chain, filter, after, n + 1)) {
      rows.add(EntryView.of(e, EntryView.parse(json, e.publicMetadata()), null));
    }
    return Page.of(rows, n, v -> Long.toString(v.sequence()));
  }

  public EntryView get(Scope chain, String actor, UUID id) {
    AuditEntry e =
        queries
            .get(chain, id)
            .orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND, "audit entry not found"));
    audit.record(
        chain, AuditEvent.by("user", actor).subject("audit-entry", id).action("audit.viewed"));
    return EntryView.of(e, EntryView.parse(json, e.publicMetadata()), queries.openSealed(chain, e));
  }

  /** An export being streamed: what to send and how to name it. */
  public record Export(java.io.InputStream body, String format, String fileName) {}

  /**
   * Starts an export: takes an export slot (or refuses with {@link ExportsBusy}), records {@code
   * audit.exported}, then streams on a thread of its own through a pipe that stops the export when
   * its reader does not read for the export write timeout.
   */
  public Export export(Scope chain, String actor, AuditFilter filter, String format, String name) {
    Map<String, Object> meta = filter.describe();
    meta.put("format", format);
    ExportSlots.Slot slot = slots.take(chain.id());
    try {
      audit.record(
          chain,
          AuditEvent.by("user", actor)
              .subject("audit-log", chain.id())
              .publicMetadata(meta)
              .action("audit.exported"));
      ExportPipe pipe = new ExportPipe(64 * 1024, exportWriteTimeout);
      exports.execute(() -> stream(slot, pipe, chain, filter, format));
      return new Export(pipe.in, format, "audit-" + name + "." + format);
    } catch (RuntimeException | Error e) {
      slot.close();
      throw e;
    }
  }

  private void stream(
      ExportSlots.Slot slot, ExportPipe pipe, Scope chain, AuditFilter filter, String format) {
    try (slot) {
      export.write(chain, filter, format, pipe.out);
      pipe.out.close();
    } catch (IOException e) {
      pipe.fail(e);
      LOG.warn("audit export of chain {} stopped: {}", chain.id(), e.getMessage());
    } catch (RuntimeException e) {
      pipe.fail(new IOException("export failed"));
      LOG.error("audit export of chain {} failed: {}", chain.id(), e.toString());
    }
  }

  /**
   * Writes an export to {@code out} on the caller's thread, holding an export slot meanwhile (or
   * refusing with {@link ExportsBusy}), and returns its export checkpoint. Records nothing: the
   * caller records {@code audit.exported} with what it did with the export.
   */
  public ExportCheckpoint exportTo(
      Scope chain, AuditFilter filter, String format, java.io.OutputStream out) throws IOException {
    try (ExportSlots.Slot slot = slots.take(chain.id())) {
      return export.write(chain, filter, format, out);
    }
  }

  public Verification verify(Scope chain, String actor) {
    Verification v = verifier.verify(chain);
    audit.record(
        chain,
        AuditEvent.by("user", actor)
            .subject("audit-log", chain.id())
            .publicMetadata(Map.of("status", v.status(), "entries", v.entries()))
            .action("audit.verified"));
    return v;
  }

  public List<Map<String, Object>> checkpoints(Scope chain) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Checkpoint cp : checkpoints.of(chain.id())) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("chainId", cp.chainId());
      m.put("number", cp.number());
      m.put("version", cp.version());
      m.put("sequence", cp.sequence());
      m.put("chainHash", HexFormat.of().formatHex(cp.chainHash()));
      m.put("signedAt", ChainEncoding.formatTime(cp.signedAt()));
      m.put("keyId", cp.keyId());
      m.put("signature", Base64.getEncoder().encodeToString(cp.signature()));
      out.add(m);
    }
    return out;
  }

  @PreDestroy
  void stop() {
    exports.shutdownNow();
  }
}
