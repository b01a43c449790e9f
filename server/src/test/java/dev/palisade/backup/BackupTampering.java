package dev.palisade.backup;

import dev.palisade.storage.S3Proxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/** What backup tests do to backups and their targets. */
final class BackupTampering {
  private BackupTampering() {}

  /** Flips one byte in the middle of the largest data file of a dump directory; returns it. */
  static Path flipAByteOfTheLargestDataFile(Path dumpDirectory) throws IOException {
    Path file;
    try (Stream<Path> files = Files.list(dumpDirectory)) {
      file =
          files
              .filter(p -> p.getFileName().toString().endsWith(".dat.gz"))
              .max(Comparator.comparingLong(p -> p.toFile().length()))
              .orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(file, bytes);
    return file;
  }

  /**
   * Server settings for backups to bucket {@code backups}, prefix {@code install-a}, of {@code s3}.
   */
  static Map<String, Object> s3Target(S3Proxy s3) {
    Map<String, Object> settings = new HashMap<>();
    settings.put("palisade.net.allow", "127.0.0.1/32");
    settings.put("palisade.backup.s3.bucket", "backups");
    settings.put("palisade.backup.s3.region", S3Proxy.REGION);
    settings.put("palisade.backup.s3.endpoint", s3.endpoint());
    settings.put("palisade.backup.s3.prefix", "install-a");
    settings.put("palisade.backup.s3.path-style", true);
    settings.put("palisade.backup.s3.access-key-id", S3Proxy.ACCESS_KEY);
    settings.put("palisade.backup.s3.secret-access-key", S3Proxy.SECRET);
    return settings;
  }
}
