package dev.palisade.storage;

import dev.palisade.storage.localfs.LocalDirectoryBinding;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** The contract on a directory; an unreachable one is a directory that was never there. */
class LocalDirectoryBindingTest extends StorageBindingContract {
  @TempDir Path dir;

  @Override
  protected StorageBinding binding() {
    return new LocalDirectoryBinding("local_filesystem_dedicated", dir);
  }

  @Override
  protected StorageBinding unreachableBinding() {
    return new LocalDirectoryBinding("local_filesystem_dedicated", Path.of("/proc/no-such-dir"));
  }

  @Override
  protected List<String> plantedSecrets() {
    return List.of();
  }
}
