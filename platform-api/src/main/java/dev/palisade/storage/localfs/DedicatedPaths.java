package dev.palisade.storage.localfs;

import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.Databases;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * Which organization holds which dedicated directory (the install's {@code storage_dedicated_paths}
 * table), so that no two organizations' directories are the same or nested in one another.
 */
@Singleton
final class DedicatedPaths {
  private final Databases databases;

  DedicatedPaths(Databases databases) {
    this.databases = databases;
  }

  /** Records that {@code org} holds {@code path}; a 422 if another organization's overlaps it. */
  void claim(UUID org, Path path) {
    databases
        .install()
        .useTransaction(
            h -> {
              h.execute("lock table storage_dedicated_paths in exclusive mode");
              List<String> others =
                  h.createQuery("select path from storage_dedicated_paths where org_id <> :org")
                      .bind("org", org)
                      .mapTo(String.class)
                      .list();
              for (String other : others) {
                Path o = Path.of(other);
                if (path.startsWith(o) || o.startsWith(path)) {
                  throw PlatformException.invalidField(
                      "settings.path", "overlaps a directory another organization uses");
                }
              }
              h.createUpdate(
                      "insert into storage_dedicated_paths (path, org_id) values (:path, :org)"
                          + " on conflict (path) do nothing")
                  .bind("path", path.toString())
                  .bind("org", org)
                  .execute();
            });
  }
}
