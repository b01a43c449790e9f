package dev.palisade.storage;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.telemetry.Sanitizer;
import dev.palisade.tenancy.Databases;
import dev.palisade.tenancy.Scope;
import jakarta.inject.Singleton;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An organization's files: content on the binding the metadata names, metadata in the
 * organization's database. An upload streams to a new object on the active binding while its
 * SHA-256 is computed; the metadata commits only when the body was complete and matched what the
 * client announced, and the object it replaced is removed after the commit. A binding that cannot
 * be reached fails the operation with 503 {@code storage-unavailable}.
 */
@Singleton
public final class OrgFiles {
  private static final Logger LOG = LoggerFactory.getLogger(OrgFiles.class);

  private final Databases databases;
  private final Bindings bindings;
  private final StoredObjects objects;
  private final BindingClients clients;
  private final StorageHealth health;
  private final Clock clock;

  OrgFiles(
      Databases databases,
      Bindings bindings,
      StoredObjects objects,
      BindingClients clients,
      StorageHealth health,
      Clock clock) {
    this.databases = databases;
    this.bindings = bindings;
    this.objects = objects;
    this.clients = clients;
    this.health = health;
    this.clock = clock;
  }

  /** An opened file: its metadata and its content, which the caller closes. */
  public record Download(StoredObject meta, InputStream content) {}

  /**
   * Stores {@code length} bytes of {@code body} under {@code key}. {@code expectedSha256} (hex, or
   * null) is what the client says the content hashes to; a mismatch stores nothing.
   */
  public StoredObject put(
      Scope scope,
      String key,
      String contentType,
      long length,
      String expectedSha256,
      String checksumField,
      InputStream body) {
    Binding active = databases.read(scope, bindings::active);
    StorageBinding binding = clients.of(scope, active);
    String name = "objects/" + UUID.randomUUID();
    HashingInput in = new HashingInput(body, length);
    try {
      guarded(
          scope,
          active,
          () -> {
            binding.put(name, in, length);
            return null;
          });
    } catch (PlatformException e) {
      if (in.broken()) {
        discard(binding, name);
        throw new PlatformException(
            ErrorCode.MALFORMED_REQUEST,
            "the upload broke off or was longer than its Content-Length; nothing was stored");
      }
      throw e;
    }
    String sha = in.sha256();
    if (in.count() != length || (expectedSha256 != null && !expectedSha256.equals(sha))) {
      discard(binding, name);
      throw in.count() != length
          ? PlatformException.invalidField("Content-Length", "does not match the body's length")
          : PlatformException.invalidField(checksumField, "does not match the body's SHA-256");
    }
    StoredObject stored =
        new StoredObject(key, length, sha, contentType, active.id(), name, clock.instant());
    Optional<StoredObject> replaced;
    try {
      replaced = databases.inTransaction(scope, h -> objects.put(h, stored));
    } catch (RuntimeException e) {
      discard(binding, name);
      throw e;
    }
    replaced.ifPresent(old -> removeContent(scope, old));
    return stored;
  }

  public Optional<StoredObject> head(Scope scope, String key) {
    return databases.read(scope, h -> objects.find(h, key));
  }

  /** The file of {@code key}, streamed from the binding its metadata names. */
  public Optional<Download> open(Scope scope, String key) {
    record Found(StoredObject meta, Binding binding) {}
    Optional<Found> found =
        databases.read(
            scope,
            h ->
                objects
                    .find(h, key)
                    .map(o -> new Found(o, bindings.find(h, o.bindingId()).orElseThrow())));
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Binding b = found.get().binding();
    InputStream in =
        guarded(scope, b, () -> clients.of(scope, b).open(found.get().meta().objectName()));
    return Optional.of(new Download(found.get().meta(), in));
  }

  /** Removes the file of {@code key}; returns whether there was one. */
  public boolean delete(Scope scope, String key) {
    return databases.inTransaction(
        scope,
        h -> {
          Optional<StoredObject> removed = objects.delete(h, key);
          if (removed.isPresent()) {
            Binding b = bindings.find(h, removed.get().bindingId()).orElseThrow();
            guarded(
                scope,
                b,
                () -> {
                  clients.of(scope, b).delete(removed.get().objectName());
                  return null;
                });
          }
          return removed.isPresent();
        });
  }

  public List<StoredObject> list(Scope scope, String prefix, String after, int limit) {
    return databases.read(scope, h -> objects.page(h, prefix, after, limit));
  }

  private <T> T guarded(Scope scope, Binding binding, java.util.function.Supplier<T> work) {
    try {
      return work.get();
    } catch (PlatformException e) {
      throw health.failure(
          scope, binding, e, "the file's content is missing from its storage binding");
    } catch (UncheckedIOException e) {
      throw new PlatformException(ErrorCode.MALFORMED_REQUEST, "the upload broke off");
    }
  }

  private void removeContent(Scope scope, StoredObject o) {
    try {
      Binding b = databases.read(scope, h -> bindings.find(h, o.bindingId()).orElseThrow());
      clients.of(scope, b).delete(o.objectName());
    } catch (RuntimeException e) {
      LOG.warn("a replaced object could not be removed: {}", Sanitizer.reason(e));
    }
  }

  private static void discard(StorageBinding binding, String name) {
    try {
      binding.delete(name);
    } catch (RuntimeException e) {
      LOG.warn("an incomplete upload could not be removed: {}", Sanitizer.reason(e));
    }
  }
}
