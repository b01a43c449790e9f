package dev.palisade.backup;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.storage.Binding;
import dev.palisade.storage.BindingClients;
import dev.palisade.storage.Bindings;
import dev.palisade.storage.StorageBinding;
import dev.palisade.storage.StoredObject;
import dev.palisade.storage.StoredObjects;
import dev.palisade.tenancy.Scope;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Handle;

/**
 * The bundled storage part of a backup: the files of an organization whose active binding is the
 * install's bundled storage, as its {@code storage_objects} list them in the dump's snapshot, each
 * copied through the binding's client (so through the outbound guard when bundled storage is a
 * bucket) into {@value Manifest#STORAGE_ROOT}{@code /<database>/<object name>} and hashed as it is
 * copied. Files on other bindings (customer buckets, dedicated directories, a migration's source)
 * are the operator's and are not copied.
 */
@Singleton
final class BundledStorageCopy {
  static final String BUNDLED = "bundled";
  private static final int PAGE = 500;

  private final Bindings bindings;
  private final StoredObjects objects;
  private final BindingClients clients;

  BundledStorageCopy(Bindings bindings, StoredObjects objects, BindingClients clients) {
    this.bindings = bindings;
    this.objects = objects;
    this.clients = clients;
  }

  /**
   * Copies the organization's bundled files, reading the list through {@code snapshot} (the dump's
   * transaction); null when its active binding is not bundled storage. A file whose content is gone
   * by the time it is copied (deleted or replaced after the snapshot) is listed as missing; any
   * other failure of the storage fails the backup.
   */
  Manifest.Storage copy(
      Handle snapshot, Scope scope, String database, Path backupDir, BooleanSupplier cancelled)
      throws IOException {
    Binding active = bindings.active(snapshot);
    if (!BUNDLED.equals(active.type())) {
      return null;
    }
    String directory = Manifest.STORAGE_ROOT + "/" + database;
    Path base = backupDir.resolve(directory);
    Files.createDirectories(base);
    StorageBinding client = clients.of(scope, active);
    List<Manifest.FileEntry> files = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    String after = null;
    while (true) {
      List<StoredObject> page = objects.onBinding(snapshot, active.id(), after, PAGE);
      for (StoredObject o : page) {
        if (cancelled.getAsBoolean()) {
          throw new CancellationException("the backup was stopped");
        }
        String name = StorageBinding.checkName(o.objectName());
        Path file = base.resolve(name).normalize();
        if (!file.startsWith(base)) {
          throw new IllegalStateException("an object name leaves the storage directory");
        }
        Files.createDirectories(file.getParent());
        try {
          files.add(copyOne(client, name, file));
        } catch (PlatformException e) {
          if (e.errorCode() != ErrorCode.NOT_FOUND) {
            throw e;
          }
          Files.deleteIfExists(file);
          missing.add(name);
        }
      }
      if (page.size() < PAGE) {
        break;
      }
      after = page.get(page.size() - 1).objectName();
    }
    return new Manifest.Storage(active.id(), directory, files, missing);
  }

  private static Manifest.FileEntry copyOne(StorageBinding client, String name, Path file)
      throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    long size;
    try (InputStream in = new DigestInputStream(client.open(name), md)) {
      size = Files.copy(in, file);
    }
    return new Manifest.FileEntry(name, size, HexFormat.of().formatHex(md.digest()));
  }
}
