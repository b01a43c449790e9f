package dev.palisade.storage.localfs;

import dev.palisade.errors.PlatformException;
import dev.palisade.install.InstallHome;
import dev.palisade.storage.StorageBackend;
import dev.palisade.storage.StorageBinding;
import dev.palisade.tenancy.Scope;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code local_filesystem_dedicated}: a directory of the server's host given to one organization.
 * It must exist, be a directory the server can write, lie outside {@code PALISADE_HOME} and not
 * overlap a directory another organization holds ({@link DedicatedPaths}).
 */
@Singleton
final class LocalFilesystemBackend implements StorageBackend {
  static final String TYPE = "local_filesystem_dedicated";

  private final InstallHome home;
  private final DedicatedPaths claims;

  LocalFilesystemBackend(InstallHome home, DedicatedPaths claims) {
    this.home = home;
    this.claims = claims;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Settings admit(Scope scope, Map<String, Object> values) {
    Object raw = values.get("path");
    if (!(raw instanceof String text) || text.isBlank()) {
      throw PlatformException.invalidField("settings.path", "is required (a directory path)");
    }
    if (text.length() > 1024 || text.chars().anyMatch(Character::isISOControl)) {
      throw PlatformException.invalidField(
          "settings.path", "must be at most 1024 characters without control characters");
    }
    Path given = Path.of(text);
    if (!given.isAbsolute()) {
      throw PlatformException.invalidField("settings.path", "must be an absolute path");
    }
    Path real;
    try {
      real = given.toRealPath();
    } catch (IOException e) {
      throw PlatformException.invalidField("settings.path", "does not exist on the server");
    }
    if (!Files.isDirectory(real) || !Files.isWritable(real)) {
      throw PlatformException.invalidField(
          "settings.path", "must be a directory the server can write");
    }
    Path homeReal = realOrSelf(home.root());
    if (real.startsWith(homeReal) || homeReal.startsWith(real)) {
      throw PlatformException.invalidField(
          "settings.path", "must not be inside PALISADE_HOME or contain it");
    }
    claims.claim(scope.org().id(), real);
    return new Settings(Map.of("path", real.toString()), Map.of());
  }

  @Override
  public StorageBinding open(Scope scope, Settings settings) {
    return new LocalDirectoryBinding(TYPE, Path.of((String) settings.shown().get("path")));
  }

  private static Path realOrSelf(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p.toAbsolutePath().normalize();
    }
  }
}
