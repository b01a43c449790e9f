package dev.palisade.storage.localfs;

import static java.util.Objects.requireNonNull;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.storage.StorageBinding;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Objects as files under one directory, each at its object name (which is made by the platform,
 * never a user's key). A write goes to a hidden partial file first and is moved into place only
 * once complete, so a reader never sees half an object.
 */
public final class LocalDirectoryBinding implements StorageBinding {
  private static final String PARTIAL = ".partial";

  private final String type;
  private final Path root;

  public LocalDirectoryBinding(String type, Path root) {
    this.type = requireNonNull(type, "type is null");
    this.root = requireNonNull(root, "root is null").toAbsolutePath().normalize();
  }

  @Override
  public String type() {
    return type;
  }

  private Path path(String name) {
    return root.resolve(StorageBinding.checkName(name));
  }

  @Override
  public void put(String name, InputStream content, long length) {
    Path target = path(name);
    Path partial = root.resolve(PARTIAL).resolve(UUID.randomUUID().toString());
    try {
      Files.createDirectories(partial.getParent());
      long written;
      try (OutputStream out = Files.newOutputStream(partial)) {
        written = content.transferTo(out);
      }
      if (written != length) {
        throw new PlatformException(
            ErrorCode.MALFORMED_REQUEST, "the content ended after " + written + " bytes");
      }
      Files.createDirectories(target.getParent());
      try {
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw StorageBinding.unavailable(
          "the storage directory could not be written (" + e.getClass().getSimpleName() + ")");
    } finally {
      try {
        Files.deleteIfExists(partial);
      } catch (IOException e) {
        // a partial file left behind is never read
      }
    }
  }

  @Override
  public InputStream open(String name) {
    Path p = path(name);
    try {
      return Files.newInputStream(p);
    } catch (NoSuchFileException e) {
      if (!Files.isDirectory(root)) {
        throw StorageBinding.unavailable("the storage directory is not there");
      }
      throw new PlatformException(ErrorCode.NOT_FOUND, "no such object");
    } catch (IOException e) {
      throw StorageBinding.unavailable(
          "the storage directory could not be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  @Override
  public List<String> list(String prefix) {
    if (!Files.isDirectory(root)) {
      throw StorageBinding.unavailable("the storage directory is not there");
    }
    int slash = prefix.lastIndexOf('/');
    Path start =
        slash <= 0 ? root : root.resolve(StorageBinding.checkName(prefix.substring(0, slash)));
    if (!Files.isDirectory(start)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(start)) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .filter(n -> !n.startsWith(PARTIAL + "/") && n.startsWith(prefix))
          .sorted()
          .limit(LIST_LIMIT)
          .toList();
    } catch (IOException | java.io.UncheckedIOException e) {
      throw StorageBinding.unavailable("the storage directory could not be listed");
    }
  }

  @Override
  public void delete(String name) {
    try {
      Files.deleteIfExists(path(name));
    } catch (IOException e) {
      throw StorageBinding.unavailable(
          "an object could not be removed (" + e.getClass().getSimpleName() + ")");
    }
  }
}
