package dev.palisade.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.audit.AuditFilter;
import dev.palisade.audit.AuditReview;
import dev.palisade.audit.CheckpointSigner;
import dev.palisade.audit.ExportCheckpoint;
import dev.palisade.tenancy.Scope;
import jakarta.inject.Singleton;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes an audit bundle to a local file: a ZIP archive holding the filtered export ({@code
 * export.ndjson} or {@code export.json}, from {@link AuditReview#exportTo}), the chain's signed
 * checkpoints ({@code checkpoints.json}), the install's checkpoint public key ({@code
 * public-key.json}) and, last, {@code manifest.json}, which names the others with their sizes and
 * SHA-256. The layout is specified in {@code docs/audit-log.md}; {@code
 * docs/tools/verify_audit_export.py} verifies it.
 */
@Singleton
final class AuditBundleWriter {
  static final String VERSION = "palisade-audit-bundle-v1";

  private final AuditReview review;
  private final CheckpointSigner signer;
  private final ObjectMapper json;

  AuditBundleWriter(AuditReview review, CheckpointSigner signer, ObjectMapper json) {
    this.review = review;
    this.signer = signer;
    this.json = json;
  }

  /** What was written: the file's size and SHA-256 (hex) and the export's checkpoint. */
  record Written(long size, String sha256, ExportCheckpoint checkpoint) {}

  /** What the manifest says about the bundle besides its files. */
  record About(String id, String createdAt, String requester) {}

  /**
   * Writes the bundle of {@code chain} to {@code file}; more than {@code maxBytes} fails with
   * {@link HashingOutput.TooLarge}.
   */
  Written write(
      Scope chain, AuditFilter filter, String format, About about, Path file, long maxBytes)
      throws IOException {
    try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file));
        HashingOutput whole = new HashingOutput(raw, maxBytes);
        ZipOutputStream zip = new ZipOutputStream(whole)) {
      List<Map<String, Object>> files = new ArrayList<>();
      ExportCheckpoint[] checkpoint = new ExportCheckpoint[1];
      files.add(
          member(
              zip,
              "export." + format,
              out -> checkpoint[0] = review.exportTo(chain, filter, format, out)));
      files.add(
          member(zip, "checkpoints.json", out -> json.writeValue(out, review.checkpoints(chain))));
      files.add(member(zip, "public-key.json", out -> json.writeValue(out, signer.published())));
      Map<String, Object> manifest = new LinkedHashMap<>();
      manifest.put("bundle", VERSION);
      manifest.put("id", about.id());
      manifest.put("chainId", chain.id());
      manifest.put("createdAt", about.createdAt());
      manifest.put("requester", about.requester());
      manifest.put("format", format);
      manifest.put("filters", filter.describe());
      manifest.put("entries", checkpoint[0].entries());
      manifest.put("sequence", checkpoint[0].sequence());
      manifest.put("keyId", checkpoint[0].keyId());
      manifest.put("files", files);
      member(zip, "manifest.json", out -> json.writeValue(out, manifest));
      zip.finish();
      whole.flush();
      return new Written(whole.count(), whole.sha256(), checkpoint[0]);
    }
  }

  private interface Content {
    void write(OutputStream out) throws IOException;
  }

  private static Map<String, Object> member(ZipOutputStream zip, String name, Content content)
      throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    HashingOutput out = new HashingOutput(zip, Long.MAX_VALUE);
    content.write(out);
    out.flush();
    zip.closeEntry();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("size", out.count());
    m.put("sha256", out.sha256());
    return m;
  }
}
