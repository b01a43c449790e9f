package dev.palisade.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.crypto.Ed25519;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks of a backup's files that need no database: {@code manifest.sig} over {@code
 * manifest.json} with a trusted Ed25519 key, and every listed file's size and SHA-256. Restore
 * validation and the {@code restore} command both run them before anything is restored. A failed
 * check throws {@link Failed}, whose message names the file and what is wrong with it.
 */
final class ManifestCheck {
  private ManifestCheck() {}

  /** A check that did not pass; the message is safe to show. */
  static final class Failed extends RuntimeException {
    Failed(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * The manifest of the backup in {@code dir}, once its signature verified with {@code publicKey}
   * (raw Ed25519); {@code keyName} says in the failure whose key that is.
   */
  static Manifest signed(Path dir, byte[] publicKey, String keyName, ObjectMapper json) {
    byte[] bytes;
    String sig;
    try {
      bytes = Files.readAllBytes(dir.resolve(Manifest.FILE));
      sig = Files.readString(dir.resolve(Manifest.SIGNATURE), StandardCharsets.US_ASCII).strip();
    } catch (NoSuchFileException e) {
      throw new Failed(Path.of(e.getFile()).getFileName() + " is missing");
    } catch (IOException e) {
      throw new Failed("the manifest cannot be read: " + e.getMessage());
    }
    byte[] signature;
    try {
      signature = Base64.getDecoder().decode(sig);
    } catch (IllegalArgumentException e) {
      throw new Failed("manifest.sig is not base64");
    }
    if (!Ed25519.verify(publicKey, bytes, signature)) {
      throw new Failed(
          "the signature in manifest.sig does not verify over manifest.json with "
              + keyName
              + " "
              + Ed25519.keyId(publicKey)
              + ": the manifest was changed or was not signed by this install");
    }
    try {
      return Manifest.parse(bytes, json);
    } catch (IllegalArgumentException e) {
      throw new Failed(e.getMessage());
    }
  }

  /**
   * Checks every file {@code m} lists under {@code dir} (size and SHA-256), the dumps' and the
   * copies of bundled storage, and that no such directory holds a file the manifest does not list.
   * Returns a summary such as {@code 79 file(s), 1843201 bytes}.
   */
  static String files(Path dir, Manifest m) {
    long[] counted = new long[2];
    for (Manifest.Database db : m.databases()) {
      if (!db.directory().matches("[a-z0-9_]+")) {
        throw new Failed("the manifest names an unsafe directory " + db.directory());
      }
      checkFiles(dir, db.directory(), db.files(), counted);
      Manifest.Storage st = db.storage();
      if (st != null) {
        if (!st.directory().equals(Manifest.STORAGE_ROOT + "/" + db.directory())) {
          throw new Failed("the manifest names an unsafe directory " + st.directory());
        }
        checkFiles(dir, st.directory(), st.files(), counted);
      }
    }
    return counted[0] + " file(s), " + counted[1] + " bytes";
  }

  /**
   * Checks every listed file of {@code directory} (size and SHA-256) and that it holds no other;
   * adds to {@code counted} the files and bytes checked.
   */
  private static void checkFiles(
      Path dir, String directory, List<Manifest.FileEntry> files, long[] counted) {
    Path base = dir.resolve(directory);
    Set<String> listed = new TreeSet<>();
    for (Manifest.FileEntry f : files) {
      String name = directory + "/" + f.path();
      Path file = base.resolve(f.path()).normalize();
      if (!file.startsWith(base)) {
        throw new Failed("the manifest names a file outside the backup: " + name);
      }
      listed.add(f.path());
      try {
        if (!Files.isRegularFile(file)) {
          throw new Failed(name + " is missing");
        }
        long size = Files.size(file);
        if (size != f.size()) {
          throw new Failed(
              name + " is " + size + " bytes, the manifest says " + f.size() + " bytes");
        }
        if (!Backups.sha256(file).equals(f.sha256())) {
          throw new Failed(name + ": its SHA-256 does not match the manifest");
        }
      } catch (IOException e) {
        throw new Failed(name + " cannot be read: " + e.getMessage());
      }
      counted[0]++;
      counted[1] += f.size();
    }
    try {
      if (!Files.isDirectory(base)) {
        return; // an empty storage copy; a listed file would have failed above
      }
      for (Manifest.FileEntry f : Backups.files(base)) {
        if (!listed.contains(f.path())) {
          throw new Failed(
              directory + "/" + f.path() + " is in the backup but not in the manifest");
        }
      }
    } catch (IOException e) {
      throw new Failed(directory + " cannot be listed: " + e.getMessage());
    }
  }
}
