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
      List<ChainCopies.Head> auditChains,
      Storage storage) {
    long size() {
      return files.stream().mapToLong(FileEntry::size).sum();
    }

    /** The dump and, if any, the copied bundled storage files. */
    long totalSize() {
      return size() + (storage == null ? 0 : storage.size());
    }
  }

  /** The directory above every copied bundled storage directory; never a database's name. */
  static final String STORAGE_ROOT = "bundled-storage";

  /**
   * The files of an organization on the install's bundled storage, copied with its database: the
   * binding they are on, their directory relative to the backup ({@value #STORAGE_ROOT}{@code
   * /<database name>}), every file copied (path = object name, size and SHA-256 of the copy), and
   * the object names listed in the dump's snapshot whose content was gone by the time it was copied
   * (deleted or replaced meanwhile). Absent ({@code null}) for an organization elsewhere and in
   * manifests made before this addition.
   */
  record Storage(UUID bindingId, String directory, List<FileEntry> files, List<String> missing) {
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
      db.put("files", fileList(d.files()));
      List<Object> chains = new ArrayList<>();
      for (ChainCopies.Head h : d.auditChains()) {
        chains.add(
            Map.of("scope", h.chainId(), "sequence", h.sequence(), "chainHash", h.chainHash()));
      }
      db.put("auditChains", chains);
      if (d.storage() != null) {
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("bindingId", d.storage().bindingId().toString());
        st.put("directory", d.storage().directory());
        st.put("files", fileList(d.storage().files()));
        st.put("missing", d.storage().missing());
        db.put("storage", st);
      }
      dbs.add(db);
    }
    m.put("databases", dbs);
    return CanonicalJson.write(m).getBytes(StandardCharsets.UTF_8);
  }

  private static List<Object> fileList(List<FileEntry> entries) {
    List<Object> files = new ArrayList<>();
    for (FileEntry f : entries) {
      files.add(Map.of("path", f.path(), "size", f.size(), "sha256", f.sha256()));
    }
    return files;
  }

  private static List<FileEntry> parseFiles(JsonNode n) {
    List<FileEntry> files = new ArrayList<>();
    for (JsonNode f : array(n, "files")) {
      files.add(new FileEntry(text(f, "path"), number(f, "size"), text(f, "sha256")));
    }
    return files;
  }

  private static Storage parseStorage(JsonNode d) {
    JsonNode st = d.get("storage");
    if (st == null || st.isNull()) {
      return null;
    }
    List<String> missing = new ArrayList<>();
    for (JsonNode m : array(st, "missing")) {
      if (!m.isTextual()) {
        throw new IllegalArgumentException("manifest.json: missing holds a value that is not text");
      }
      missing.add(m.asText());
    }
    return new Storage(uuid(text(st, "bindingId")), text(st, "directory"), parseFiles(st), missing);
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
      List<FileEntry> files = parseFiles(d);
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
              chains,
              parseStorage(d)));
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
