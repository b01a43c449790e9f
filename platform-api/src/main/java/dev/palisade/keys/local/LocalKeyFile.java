package dev.palisade.keys.local;

import dev.palisade.crypto.Hashes;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.install.InstallHome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local KEK file: one base64-encoded 256-bit key per line, oldest first; the last line is the
 * current KEK and the earlier ones still unwrap what they wrapped. Each KEK is known by its
 * fingerprint, the first 8 hex digits of its SHA-256, so a replaced file is detected instead of
 * producing garbage. Not thread-safe: {@link LocalKeyProvider} serializes access.
 */
final class LocalKeyFile {
  private static final Logger LOG = LoggerFactory.getLogger(LocalKeyFile.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One KEK of the file. */
  record Kek(String fingerprint, SecretKeySpec key) {}

  private final InstallHome home;
  private final String name;
  private final Path path;

  LocalKeyFile(InstallHome home, String name) {
    this.home = home;
    this.name = name;
    this.path = home.resolve(name).toAbsolutePath().normalize();
  }

  Path path() {
    return path;
  }

  /** The file's KEKs, oldest first; a missing file is created with one new KEK. */
  List<Kek> loadOrCreate() {
    List<String> lines;
    try {
      lines = Files.readAllLines(path, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      List<String> fresh = List.of(newKek());
      write(fresh);
      List<Kek> keks = parse(fresh);
      LOG.info(
          "generated a new install KEK {} in {}; back this file up, every key depends on it",
          keks.get(0).fingerprint(),
          path);
      return keks;
    } catch (IOException e) {
      throw new PlatformException(
          ErrorCode.DEPENDENCY_UNAVAILABLE, "cannot read the local key file " + path, e);
    }
    warnIfShared();
    return parse(lines.stream().map(String::trim).filter(l -> !l.isEmpty()).toList());
  }

  /** Appends a new KEK, which becomes the current one, and returns the file's KEKs. */
  List<Kek> append(List<Kek> current) {
    List<String> lines = new ArrayList<>();
    for (Kek k : current) {
      lines.add(Base64.getEncoder().encodeToString(k.key().getEncoded()));
    }
    lines.add(newKek());
    write(lines);
    return parse(lines);
  }

  private void write(List<String> lines) {
    try {
      home.writeSecret(name, String.join("\n", lines));
    } catch (PlatformException e) {
      throw new PlatformException(
          ErrorCode.DEPENDENCY_UNAVAILABLE, "cannot write the local key file " + path, e);
    }
  }

  private List<Kek> parse(List<String> lines) {
    if (lines.isEmpty()) {
      throw corrupt("it holds no key");
    }
    List<Kek> keks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      byte[] key;
      try {
        key = Base64.getDecoder().decode(lines.get(i));
      } catch (IllegalArgumentException e) {
        throw corrupt("line " + (i + 1) + " is not base64");
      }
      if (key.length != 32) {
        throw corrupt("line " + (i + 1) + " is not a 256-bit key");
      }
      keks.add(new Kek(fingerprint(key), new SecretKeySpec(key, "AES")));
      java.util.Arrays.fill(key, (byte) 0);
    }
    return List.copyOf(keks);
  }

  private PlatformException corrupt(String why) {
    return new PlatformException(
        ErrorCode.DEPENDENCY_FAILED,
        "the local key file " + path + " is corrupt (" + why + "); restore it from a backup");
  }

  private void warnIfShared() {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
      Set<PosixFilePermission> extra =
          perms.stream().filter(p -> !p.name().startsWith("OWNER")).collect(Collectors.toSet());
      if (!extra.isEmpty()) {
        LOG.warn("the local key file {} is readable by others; restrict it to mode 0600", path);
      }
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debug("cannot read the permissions of {}", path);
    }
  }

  private static String newKek() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    try {
      return Base64.getEncoder().encodeToString(key);
    } finally {
      java.util.Arrays.fill(key, (byte) 0);
    }
  }

  static String fingerprint(byte[] key) {
    return HexFormat.of().formatHex(Hashes.sha256(key), 0, 4);
  }
}
