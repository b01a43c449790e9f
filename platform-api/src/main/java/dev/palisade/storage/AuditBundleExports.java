package dev.palisade.storage;

import dev.palisade.audit.AuditEvent;
import dev.palisade.audit.AuditFilter;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.ChainEncoding;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.install.InstallHome;
import dev.palisade.telemetry.Sanitizer;
import dev.palisade.tenancy.Databases;
import dev.palisade.tenancy.Scope;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports of an organization's audit log to its active storage binding. The bundle is spooled to a
 * file of its own under {@code PALISADE_HOME/audit-export-staging} (at most {@code
 * palisade.storage.audit-export-max-bytes}, removed afterwards), uploaded, and only then recorded:
 * its row and its {@code audit.exported} entry commit together. A binding that cannot be reached
 * fails the export with 503 {@code storage-unavailable} and records nothing; an upload whose record
 * does not commit is removed from the binding.
 */
@Singleton
public final class AuditBundleExports {
  static final String STAGING = "audit-export-staging";
  static final String PREFIX = "audit-exports/";
  private static final Logger LOG = LoggerFactory.getLogger(AuditBundleExports.class);

  private final Databases databases;
  private final Bindings bindings;
  private final BindingClients clients;
  private final StorageHealth health;
  private final AuditBundles bundles;
  private final AuditBundleWriter writer;
  private final AuditLog audit;
  private final InstallHome home;
  private final Clock clock;
  private final long maxBytes;

  AuditBundleExports(
      Databases databases,
      Bindings bindings,
      BindingClients clients,
      StorageHealth health,
      AuditBundles bundles,
      AuditBundleWriter writer,
      AuditLog audit,
      InstallHome home,
      Clock clock,
      StorageConfig config) {
    this.databases = databases;
    this.bindings = bindings;
    this.clients = clients;
    this.health = health;
    this.bundles = bundles;
    this.writer = writer;
    this.audit = audit;
    this.home = home;
    this.clock = clock;
    this.maxBytes = config.auditExportMaxBytes();
  }

  /** A bundle's content, which the caller closes. */
  public record Download(AuditBundle bundle, InputStream content) {}

  /** Writes the export of {@code filter} in {@code format} (ndjson or json) to storage. */
  public AuditBundle export(Scope chain, String requester, AuditFilter filter, String format) {
    Binding active = activeBinding(chain);
    UUID id = UUID.randomUUID();
    Instant now = clock.instant();
    String key = PREFIX + id + ".zip";
    Path file = spool();
    try {
      AuditBundleWriter.Written w =
          writer.write(
              chain,
              filter,
              format,
              new AuditBundleWriter.About(id.toString(), ChainEncoding.formatTime(now), requester),
              file,
              maxBytes);
      StorageBinding binding = clients.of(chain, active);
      upload(chain, active, binding, key, file, w.size());
      AuditBundle bundle =
          new AuditBundle(
              id,
              now,
              format,
              filter.describe(),
              active.id(),
              key,
              w.size(),
              w.sha256(),
              w.checkpoint().entries(),
              w.checkpoint().sequence(),
              requester);
      try {
        return audit.change(
            chain,
            h -> {
              bundles.insert(h, bundle);
              return bundle;
            },
            b ->
                AuditEvent.by("user", requester)
                    .subject("audit-log", chain.id())
                    .publicMetadata(describe(b))
                    .action("audit.exported"));
      } catch (RuntimeException e) {
        discard(binding, key);
        throw e;
      }
    } catch (HashingOutput.TooLarge e) {
      throw new PlatformException(
          ErrorCode.PAYLOAD_TOO_LARGE,
          "the export is larger than palisade.storage.audit-export-max-bytes ("
              + maxBytes
              + " bytes); narrow the filters");
    } catch (IOException e) {
      throw new PlatformException(ErrorCode.INTERNAL, "cannot spool the audit export", e);
    } finally {
      remove(file);
    }
  }

  public List<AuditBundle> list(Scope chain) {
    return databases.read(chain, bundles::list);
  }

  /**
   * The bundle {@code id}, read from the binding it was written to; recorded ({@code audit.viewed})
   * before it is handed out.
   */
  public Optional<Download> open(Scope chain, String requester, UUID id) {
    record Found(AuditBundle bundle, Binding binding) {}
    Optional<Found> found =
        databases.read(
            chain,
            h ->
                bundles
                    .find(h, id)
                    .map(b -> new Found(b, bindings.find(h, b.bindingId()).orElseThrow())));
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Binding b = found.get().binding();
    audit.record(
        chain, AuditEvent.by("user", requester).subject("audit-export", id).action("audit.viewed"));
    try {
      return Optional.of(
          new Download(
              found.get().bundle(), clients.of(chain, b).open(found.get().bundle().objectKey())));
    } catch (PlatformException e) {
      throw unavailable(chain, b, e);
    }
  }

  private Binding activeBinding(Scope chain) {
    try {
      return databases.read(chain, bindings::active);
    } catch (PlatformException e) {
      if (e.errorCode() != ErrorCode.INTERNAL) {
        throw e;
      }
      throw new PlatformException(
          ErrorCode.STORAGE_UNAVAILABLE, "the organization has no active storage binding");
    }
  }

  private void upload(
      Scope chain, Binding active, StorageBinding binding, String key, Path file, long size)
      throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      binding.put(key, in, size);
    } catch (PlatformException e) {
      discard(binding, key);
      throw unavailable(chain, active, e);
    }
  }

  private PlatformException unavailable(Scope chain, Binding binding, PlatformException e) {
    return health.failure(chain, binding, e, "the bundle is missing from its storage binding");
  }

  private static Map<String, Object> describe(AuditBundle b) {
    Map<String, Object> m = new LinkedHashMap<>(b.filters());
    m.put("format", b.format());
    m.put("destination", "storage");
    m.put("exportId", b.id().toString());
    m.put("objectKey", b.objectKey());
    m.put("entries", b.entries());
    m.put("sha256", b.sha256());
    return m;
  }

  private Path spool() {
    try {
      Path dir = home.resolve(STAGING);
      Files.createDirectories(dir);
      return Files.createTempFile(
          dir,
          "bundle-",
          ".zip",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (IOException e) {
      throw new PlatformException(ErrorCode.INTERNAL, "cannot spool the audit export", e);
    }
  }

  private static void remove(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("a spooled audit export could not be removed: {}", Sanitizer.reason(e));
    }
  }

  private static void discard(StorageBinding binding, String key) {
    try {
      binding.delete(key);
    } catch (RuntimeException e) {
      LOG.warn("an audit bundle could not be removed: {}", Sanitizer.reason(e));
    }
  }
}
