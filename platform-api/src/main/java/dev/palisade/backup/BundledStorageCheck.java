package dev.palisade.backup;

import dev.palisade.storage.StoredObject;
import dev.palisade.storage.StoredObjects;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Restore validation of a backup's bundled storage copy against the restored organization database:
 * every file its {@code storage_objects} put on the copied binding is in the copy with the size and
 * SHA-256 recorded there (or was listed as missing when the backup ran), and the copy holds no file
 * the restored database does not know. The files' own checksums against the manifest are the {@code
 * checksums} step's.
 */
@Singleton
final class BundledStorageCheck {
  private static final int PAGE = 500;

  private final StoredObjects objects;

  BundledStorageCheck(StoredObjects objects) {
    this.objects = objects;
  }

  /** Whether the copy matches the restored database, and the detail that says so or why not. */
  record Result(boolean matches, String detail) {}

  /** Compares {@code storage} with the restored database read through {@code restored}. */
  Result check(Handle restored, Manifest.Storage storage) {
    Map<String, Manifest.FileEntry> copied = new HashMap<>();
    storage.files().forEach(f -> copied.put(f.path(), f));
    Set<String> missing = new HashSet<>(storage.missing());
    long files = 0;
    long bytes = 0;
    String after = null;
    while (true) {
      List<StoredObject> page = objects.onBinding(restored, storage.bindingId(), after, PAGE);
      for (StoredObject o : page) {
        if (missing.remove(o.objectName())) {
          continue;
        }
        Manifest.FileEntry f = copied.remove(o.objectName());
        String name = storage.directory() + "/" + o.objectName();
        if (f == null) {
          return new Result(
              false,
              "file "
                  + o.key()
                  + " is in the restored storage_objects but its content ("
                  + name
                  + ") is not in the backup");
        }
        if (f.size() != o.size() || !f.sha256().equals(o.sha256())) {
          return new Result(
              false,
              name
                  + " (file "
                  + o.key()
                  + ") is not the content the restored storage_objects records: "
                  + f.size()
                  + " bytes, the record says "
                  + o.size()
                  + (f.sha256().equals(o.sha256()) ? "" : "; its SHA-256 differs"));
        }
        files++;
        bytes += f.size();
      }
      if (page.size() < PAGE) {
        break;
      }
      after = page.get(page.size() - 1).objectName();
    }
    if (!copied.isEmpty()) {
      String first = copied.keySet().stream().sorted().findFirst().orElseThrow();
      return new Result(
          false,
          storage.directory()
              + "/"
              + first
              + " is in the backup but no file of the restored database has it as its content");
    }
    return new Result(
        true,
        files
            + " bundled file(s), "
            + bytes
            + " bytes, match the restored storage_objects"
            + (storage.missing().isEmpty()
                ? ""
                : "; " + storage.missing().size() + " deleted while the backup ran"));
  }
}
