package dev.palisade.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

/**
 * Writes exported entries in one of the export formats of {@code docs/audit-chain.md}: NDJSON (one
 * JSON object per line, the export checkpoint last), a JSON document ({@code chainId}, {@code
 * encoding}, {@code entries}, {@code exportCheckpoint}) or CSV (no checkpoint; not meant for
 * verification). Not thread-safe: one instance writes one export.
 */
abstract class ExportFormat {
  /** An exported entry and the chain hash of the entry before it. */
  record Row(AuditEntry entry, byte[] previous) {}

  private record Field(String name, Function<Row, Object> value) {}

  private static final HexFormat HEX = HexFormat.of();
  private static final JsonFactory JSON = new JsonFactory();

  /** The exported fields, in order; their types are specified in {@code docs/audit-chain.md}. */
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
                      : (long) r.entry().sealedKeyVersion()),
          new Field("contentHash", r -> HEX.formatHex(r.entry().contentHash())),
          new Field("chainHash", r -> HEX.formatHex(r.entry().chainHash())),
          new Field(
              "previousChainHash", r -> r.previous() == null ? null : HEX.formatHex(r.previous())));

  /** The exported column names, in order. */
  static final List<String> COLUMNS = FIELDS.stream().map(Field::name).toList();

  /** RFC 4180 with every value quoted (an absent one is empty); the header line is plain. */
  private static final CSVFormat CSV =
      CSVFormat.RFC4180.builder().setQuoteMode(QuoteMode.ALL_NON_NULL).get();

  abstract void entry(Row row) throws IOException;

  /** Ends the export with its checkpoint (ignored by CSV) and flushes it. */
  abstract void end(ExportCheckpoint checkpoint) throws IOException;

  static ExportFormat of(String format, String chainId, OutputStream out) throws IOException {
    return switch (format) {
      case "csv" -> new Csv(out);
      case "json" -> new Json(out, chainId, true);
      default -> new Json(out, chainId, false);
    };
  }

  private static final class Json extends ExportFormat {
    private final OutputStream out;
    private final JsonGenerator g;
    private final boolean document;

    Json(OutputStream out, String chainId, boolean document) throws IOException {
      this.out = out;
      this.document = document;
      this.g = JSON.createGenerator(out);
      g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
      g.setRootValueSeparator(null);
      if (document) {
        g.writeStartObject();
        g.writeStringField("chainId", chainId);
        g.writeStringField("encoding", "palisade-audit-entry-v1");
        g.writeArrayFieldStart("entries");
      }
    }

    @Override
    void entry(Row r) throws IOException {
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
      line();
    }

    @Override
    void end(ExportCheckpoint cp) throws IOException {
      if (document) {
        g.writeEndArray();
      } else {
        g.writeStartObject();
      }
      g.writeObjectFieldStart("exportCheckpoint");
      g.writeStringField("chainId", cp.chainId());
      g.writeNumberField("sequence", cp.sequence());
      g.writeStringField("chainHash", HEX.formatHex(cp.chainHash()));
      g.writeNumberField("entries", cp.entries());
      g.writeStringField("digest", HEX.formatHex(cp.digest()));
      g.writeStringField("signedAt", ChainEncoding.formatTime(cp.signedAt()));
      g.writeStringField("keyId", cp.keyId());
      g.writeStringField("signature", base64(cp.signature()));
      g.writeEndObject();
      g.writeEndObject();
      line();
      g.close();
    }

    /** NDJSON: each object on a line of its own, nothing before it. */
    private void line() throws IOException {
      if (!document) {
        g.flush();
        out.write('\n');
      }
    }
  }

  private static final class Csv extends ExportFormat {
    private final Writer w;
    private final CSVPrinter printer;

    Csv(OutputStream out) throws IOException {
      w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      w.write(String.join(",", COLUMNS));
      w.write("\r\n");
      printer = new CSVPrinter(w, CSV);
    }

    @Override
    void entry(Row r) throws IOException {
      for (Field f : FIELDS) {
        printer.print(guard(f.value().apply(r)));
      }
      printer.println();
    }

    @Override
    void end(ExportCheckpoint checkpoint) throws IOException {
      printer.flush();
    }
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
