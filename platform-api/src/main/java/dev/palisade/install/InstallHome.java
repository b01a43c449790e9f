package dev.palisade.install;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * The install's state directory. Secret files are created owner-only ({@code 0600}) before any byte
 * is written, and replaced atomically.
 */
@Singleton
public final class InstallHome {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");

  private final Path root;

  public InstallHome(HomeConfig config) {
    this.root = Path.of(config.home()).toAbsolutePath().normalize();
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new PlatformException(ErrorCode.INTERNAL, "cannot create PALISADE_HOME " + root, e);
    }
  }

  public Path root() {
    return root;
  }

  public Path resolve(String name) {
    return root.resolve(name);
  }

  public Optional<String> readSecret(String name) {
    Path file = resolve(name);
    try {
      return Files.exists(file)
          ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim())
          : Optional.empty();
    } catch (IOException e) {
      throw new PlatformException(ErrorCode.INTERNAL, "cannot read " + file, e);
    }
  }

  /**
   * Writes {@code value} to {@code name} with mode 0600, replacing any previous file. {@code name}
   * may name a file in a subdirectory, which is created owner-only ({@code 0700}) when missing.
   */
  public void writeSecret(String name, String value) {
    Path target = resolve(name);
    Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
    try {
      if (!Files.isDirectory(target.getParent())) {
        Files.createDirectories(
            target.getParent(), PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
      }
      Files.deleteIfExists(tmp);
      try {
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      } catch (FileAlreadyExistsException e) {
        throw new IOException("concurrent write of " + name, e);
      }
      Files.writeString(tmp, value + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new PlatformException(ErrorCode.INTERNAL, "cannot write " + target, e);
    }
  }

  public void delete(String name) {
    try {
      Files.deleteIfExists(resolve(name));
    } catch (IOException e) {
      throw new PlatformException(ErrorCode.INTERNAL, "cannot delete " + resolve(name), e);
    }
  }
}
