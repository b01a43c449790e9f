package dev.palisade.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.audit.ChainCopies;
import dev.palisade.crypto.CanonicalJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A backup's {@code manifest.json}: RFC 8785 canonical JSON of what the backup holds, signed (the
 * exact bytes) in {@code manifest.sig}. The format is {@value #FORMAT}, specified in {@code
 * docs/backup.md}.
 */
record Manifest(
    UUID backupId,
    UUID installId,
    String createdAt,
    String palisadeVersion,
    String postgresServerVersion,
    String pgDumpVersion,
    String signingKeyId,
    String signingPublicKey,
    List<Database> databases) {

  static final String FORMAT = "palisade-backup-1";
  static final String FILE = "manifest.json";
  static final String SIGNATURE = "manifest.sig";
  static final String INSTALL = "install";
  static final String TENANT = "tenant";

  /** One dumped database; {@code directory} is relative to the backup, file paths to it. */
  record Database(
      String name,
      String role,
      UUID organizationId,
      String organizationSlug,
      String schemaVersion,
      String directory,
      List<FileEntry> files,
      List<ChainCopies.Head> auditChains) {
    long size() {
      return files.stream().mapToLong(FileEntry::size).sum();
    }
  }

  /** A file of a dump: its path under the database's directory, size and SHA-256 (hex). */
  record FileEntry(String path, long size, String sha256) {}

  /** The canonical JSON text, exactly what is written and signed. */
  byte[] canonical() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", FORMAT);
    m.put("backupId", backupId.toString());
    m.put("installId", installId.toString());
    m.put("createdAt", createdAt);
    m.put("palisadeVersion", palisadeVersion);
    m.put("postgresServerVersion", postgresServerVersion);
    m.put("pgDumpVersion", pgDumpVersion);
    m.put("signingKeyId", signingKeyId);
    m.put("signingPublicKey", signingPublicKey);
    List<Object> dbs = new ArrayList<>();
    for (Database d : databases) {
      Map<String, Object> db = new LinkedHashMap<>();
      db.put("name", d.name());
      db.put("role", d.role());
      db.put("organizationId", d.organizationId() == null ? null : d.organizationId().toString());
      db.put("organizationSlug", d.organizationSlug());
      db.put("schemaVersion", d.schemaVersion());
      db.put("directory", d.directory());
      List<Object> files = new ArrayList<>();
      for (FileEntry f : d.files()) {
        files.add(Map.of("path", f.path(), "size", f.size(), "sha256", f.sha256()));
      }
      db.put("files", files);
      List<Object> chains = new ArrayList<>();
      for (ChainCopies.Head h : d.auditChains()) {
        chains.add(
            Map.of("scope", h.chainId(), "sequence", h.sequence(), "chainHash", h.chainHash()));
      }
      db.put("auditChains", chains);
      dbs.add(db);
    }
    m.put("databases", dbs);
    return CanonicalJson.write(m).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads a manifest; {@link IllegalArgumentException} naming what is wrong when {@code bytes} is
   * not one of this format.
   */
  static Manifest parse(byte[] bytes, ObjectMapper json) {
    JsonNode n;
    try {
      n = json.readTree(bytes);
    } catch (IOException e) {
      throw new IllegalArgumentException("manifest.json is not JSON");
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("manifest.json is not a JSON object");
    }
    if (!FORMAT.equals(text(n, "format"))) {
      throw new IllegalArgumentException("manifest.json is not of format " + FORMAT);
    }
    List<Database> dbs = new ArrayList<>();
    for (JsonNode d : array(n, "databases")) {
      List<FileEntry> files = new ArrayList<>();
      for (JsonNode f : array(d, "files")) {
        files.add(new FileEntry(text(f, "path"), number(f, "size"), text(f, "sha256")));
      }
      List<ChainCopies.Head> chains = new ArrayList<>();
      for (JsonNode c : array(d, "auditChains")) {
        chains.add(
            new ChainCopies.Head(text(c, "scope"), number(c, "sequence"), text(c, "chainHash")));
      }
      String org = d.path("organizationId").isNull() ? null : text(d, "organizationId");
      dbs.add(
          new Database(
              text(d, "name"),
              text(d, "role"),
              org == null ? null : uuid(org),
              d.path("organizationSlug").isTextual() ? d.get("organizationSlug").asText() : null,
              text(d, "schemaVersion"),
              text(d, "directory"),
              files,
              chains));
    }
    return new Manifest(
        uuid(text(n, "backupId")),
        uuid(text(n, "installId")),
        text(n, "createdAt"),
        text(n, "palisadeVersion"),
        text(n, "postgresServerVersion"),
        text(n, "pgDumpVersion"),
        text(n, "signingKeyId"),
        text(n, "signingPublicKey"),
        dbs);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("manifest.json: " + field + " is missing or not text");
    }
    return v.asText();
  }

  private static long number(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.canConvertToExactIntegral()) {
      throw new IllegalArgumentException("manifest.json: " + field + " is missing or not a number");
    }
    return v.asLong();
  }

  private static Iterable<JsonNode> array(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isArray()) {
      throw new IllegalArgumentException("manifest.json: " + field + " is missing or not a list");
    }
    return v;
  }

  private static UUID uuid(String s) {
    try {
      return UUID.fromString(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("manifest.json: " + s + " is not a UUID");
    }
  }
}
