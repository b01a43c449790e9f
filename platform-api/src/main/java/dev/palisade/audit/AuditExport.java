package dev.palisade.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.palisade.errors.PlatformException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Streams a chain's entries (filtered) to an output in CSV, JSON or NDJSON, reading with a database
 * cursor so memory stays constant whatever the size. Every row carries the fields the hash covers,
 * exactly as hashed, plus {@code previousChainHash}, so that an exported segment can be verified
 * offline (see {@code docs/audit-chain.md}).
 */
@Singleton
public final class AuditExport {
  public static final List<String> COLUMNS =
      List.of(
          "chainId",
          "sequence",
          "id",
          "occurredAt",
          "actorType",
          "actorId",
          "action",
          "subjectType",
          "subjectId",
          "reason",
          "publicMetadata",
          "sealedMetadata",
          "sealedKeyVersion",
          "contentHash",
          "chainHash",
          "previousChainHash");

  private final ChainDatabases databases;
  private final JsonFactory factory = new JsonFactory();

  AuditExport(ChainDatabases databases) {
    this.databases = databases;
  }

  /** Validates the format name: csv, json or ndjson. */
  public static String format(String format) {
    String f = format == null ? "ndjson" : format;
    if (!List.of("csv", "json", "ndjson").contains(f)) {
      throw PlatformException.invalidField("format", "must be csv, json or ndjson");
    }
    return f;
  }

  public void write(AuditChain chain, AuditFilter filter, String format, OutputStream out)
      throws IOException, SQLException {
    List<Object> params = new ArrayList<>();
    String sql =
        "select "
            + AuditRows.COLUMNS
            + ", (select p.chain_hash from audit_entries p where p.sequence = e.sequence - 1)"
            + " from audit_entries e where "
            + filter.where(params)
            + " order by sequence "
            + (filter.newestFirst() ? "desc" : "asc");
    try (Connection c = databases.open(chain)) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setFetchSize(2_000);
        for (int i = 0; i < params.size(); i++) {
          ps.setObject(i + 1, params.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          switch (format) {
            case "csv" -> csv(chain, rs, out);
            case "json" -> json(chain, rs, out, true);
            default -> json(chain, rs, out, false);
          }
        }
      } finally {
        c.rollback();
      }
    }
  }

  private static String[] values(String chainId, ResultSet rs) throws SQLException {
    AuditEntry e = AuditRows.map(chainId, rs);
    byte[] prev = rs.getBytes(15);
    if (prev == null && e.sequence() == 1) {
      prev = ChainEncoding.GENESIS;
    }
    HexFormat hex = HexFormat.of();
    return new String[] {
      chainId,
      Long.toString(e.sequence()),
      e.id().toString(),
      ChainEncoding.formatTime(e.occurredAt()),
      e.actorType(),
      e.actorId(),
      e.action(),
      e.subjectType(),
      e.subjectId(),
      e.reason(),
      e.publicMetadata(),
      EntryView.base64(e.sealedMetadata()),
      e.sealedKeyVersion() == null ? null : e.sealedKeyVersion().toString(),
      hex.formatHex(e.contentHash()),
      hex.formatHex(e.chainHash()),
      prev == null ? null : hex.formatHex(prev)
    };
  }

  private void json(AuditChain chain, ResultSet rs, OutputStream out, boolean array)
      throws IOException, SQLException {
    try (JsonGenerator g = factory.createGenerator(out)) {
      g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
      if (array) {
        g.writeStartObject();
        g.writeStringField("chainId", chain.id());
        g.writeStringField("encoding", "palisade-audit-entry-v1");
        g.writeArrayFieldStart("entries");
      }
      while (rs.next()) {
        String[] v = values(chain.id(), rs);
        g.writeStartObject();
        for (int i = 0; i < v.length; i++) {
          if (i == 1) {
            g.writeNumberField(COLUMNS.get(i), Long.parseLong(v[i]));
          } else {
            g.writeStringField(COLUMNS.get(i), v[i]);
          }
        }
        g.writeEndObject();
        if (!array) {
          g.flush();
          out.write('\n');
        }
      }
      if (array) {
        g.writeEndArray();
        g.writeEndObject();
      }
    }
  }

  private static void csv(AuditChain chain, ResultSet rs, OutputStream out)
      throws IOException, SQLException {
    Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    w.write(String.join(",", COLUMNS));
    w.write("\r\n");
    while (rs.next()) {
      String[] v = values(chain.id(), rs);
      for (int i = 0; i < v.length; i++) {
        if (i > 0) {
          w.write(',');
        }
        w.write(csvField(v[i]));
      }
      w.write("\r\n");
    }
    w.flush();
  }

  private static String csvField(String v) {
    if (v == null) {
      return "";
    }
    String safe = v;
    if (!safe.isEmpty() && "=+-@\t\r".indexOf(safe.charAt(0)) >= 0) {
      safe = "'" + safe; // keep spreadsheets from evaluating a cell
    }
    if (safe.contains(",")
        || safe.contains("\"")
        || safe.contains("\n")
        || safe.contains("\r")
        || !safe.equals(v)) {
      return "\"" + safe.replace("\"", "\"\"") + "\"";
    }
    return safe;
  }
}
