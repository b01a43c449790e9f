package dev.palisade.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.Databases;
import dev.palisade.tenancy.Scope;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;
import org.jdbi.v3.core.result.ResultIterator;

/**
 * Streams a chain's entries (filtered) to an output in CSV, JSON or NDJSON, reading with a database
 * cursor so memory stays constant whatever the size. Every row carries the fields the hash covers,
 * exactly as hashed, plus {@code previousChainHash}, so that an exported segment can be verified
 * offline (see {@code docs/audit-chain.md}). CSV values are quoted, and those a spreadsheet would
 * evaluate as a formula are prefixed with an apostrophe.
 */
@Singleton
public final class AuditExport {
  /** An exported row: the entry and the chain hash of the entry before it. */
  private record Row(AuditEntry entry, byte[] previous) {}

  private record Field(String name, Function<Row, Object> value) {}

  private static final HexFormat HEX = HexFormat.of();

  /** The exported fields, in order; the export format in {@code docs/audit-chain.md}. */
  private static final List<Field> FIELDS =
      List.of(
          new Field("chainId", r -> r.entry().chainId()),
          new Field("sequence", r -> r.entry().sequence()),
          new Field("id", r -> r.entry().id().toString()),
          new Field("occurredAt", r -> ChainEncoding.formatTime(r.entry().occurredAt())),
          new Field("actorType", r -> r.entry().actorType()),
          new Field("actorId", r -> r.entry().actorId()),
          new Field("action", r -> r.entry().action()),
          new Field("subjectType", r -> r.entry().subjectType()),
          new Field("subjectId", r -> r.entry().subjectId()),
          new Field("reason", r -> r.entry().reason()),
          new Field("publicMetadata", r -> r.entry().publicMetadata()),
          new Field("sealedMetadata", r -> base64(r.entry().sealedMetadata())),
          new Field(
              "sealedKeyVersion",
              r ->
                  r.entry().sealedKeyVersion() == null
                      ? null
                      : r.entry().sealedKeyVersion().toString()),
          new Field("contentHash", r -> HEX.formatHex(r.entry().contentHash())),
          new Field("chainHash", r -> HEX.formatHex(r.entry().chainHash())),
          new Field(
              "previousChainHash", r -> r.previous() == null ? null : HEX.formatHex(r.previous())));

  /** The exported column names, in order. */
  public static final List<String> COLUMNS = FIELDS.stream().map(Field::name).toList();

  /** RFC 4180 with every value quoted (an absent one is empty); the header line is plain. */
  private static final CSVFormat CSV =
      CSVFormat.RFC4180.builder().setQuoteMode(QuoteMode.ALL_NON_NULL).get();

  private final Databases databases;
  private final JsonFactory factory = new JsonFactory();

  AuditExport(Databases databases) {
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

  public void write(Scope chain, AuditFilter filter, String format, OutputStream out)
      throws IOException {
    String sql =
        "select "
            + AuditEntries.COLUMNS
            + ", (select p.chain_hash from audit_entries p where p.sequence = audit_entries.sequence"
            + " - 1) from audit_entries"
            + AuditQueries.WHERE
            + " order by sequence <dir>";
    try {
      databases
          .of(chain)
          .useTransaction(
              h -> {
                try (ResultIterator<Row> rows =
                    AuditQueries.filtered(h, sql, filter)
                        .setFetchSize(2_000)
                        .map((rs, ctx) -> row(AuditEntries.map(chain.id(), rs), rs.getBytes(15)))
                        .iterator()) {
                  switch (format) {
                    case "csv" -> csv(rows, out);
                    case "json" -> json(chain, rows, out, true);
                    default -> json(chain, rows, out, false);
                  }
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static Row row(AuditEntry e, byte[] previous) {
    return new Row(e, previous == null && e.sequence() == 1 ? ChainEncoding.GENESIS : previous);
  }

  private void json(Scope chain, ResultIterator<Row> rows, OutputStream out, boolean array)
      throws IOException {
    try (JsonGenerator g = factory.createGenerator(out)) {
      g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
      g.setRootValueSeparator(null);
      if (array) {
        g.writeStartObject();
        g.writeStringField("chainId", chain.id());
        g.writeStringField("encoding", "palisade-audit-entry-v1");
        g.writeArrayFieldStart("entries");
      }
      while (rows.hasNext()) {
        Row r = rows.next();
        g.writeStartObject();
        for (Field f : FIELDS) {
          Object v = f.value().apply(r);
          if (v instanceof Long n) {
            g.writeNumberField(f.name(), n);
          } else {
            g.writeStringField(f.name(), (String) v);
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

  private static void csv(ResultIterator<Row> rows, OutputStream out) throws IOException {
    Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    w.write(String.join(",", COLUMNS));
    w.write("\r\n");
    CSVPrinter printer = new CSVPrinter(w, CSV);
    while (rows.hasNext()) {
      Row r = rows.next();
      for (Field f : FIELDS) {
        printer.print(guard(f.value().apply(r)));
      }
      printer.println();
    }
    printer.flush();
  }

  /** Keeps spreadsheets from evaluating a cell: a leading = + - @ tab or CR gets an apostrophe. */
  static Object guard(Object value) {
    if (value instanceof String s && !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
      return "'" + s;
    }
    return value;
  }

  private static String base64(byte[] b) {
    return b == null ? null : Base64.getEncoder().encodeToString(b);
  }
}
