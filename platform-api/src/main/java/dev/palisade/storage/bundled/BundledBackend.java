package dev.palisade.storage.bundled;

import dev.palisade.errors.PlatformException;
import dev.palisade.install.InstallHome;
import dev.palisade.net.OutboundGuard;
import dev.palisade.storage.StorageBackend;
import dev.palisade.storage.StorageBinding;
import dev.palisade.storage.localfs.LocalDirectoryBinding;
import dev.palisade.storage.s3.S3Binding;
import dev.palisade.storage.s3.S3Settings;
import dev.palisade.tenancy.Scope;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.ConfigurationException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code bundled}: the install's own storage, one directory (or bucket prefix) per organization,
 * named after the organization's id. Every organization starts on it; it has no settings of its
 * own. Checked at start-up so that a wrong {@code palisade.storage.bundled.*} stops the boot.
 */
@Context
final class BundledBackend implements StorageBackend {
  static final String TYPE = "bundled";
  private static final String PREFIX = "palisade.storage.bundled.";

  private final OutboundGuard guard;
  private final Path directory;
  private final S3Settings s3;

  BundledBackend(BundledStorageConfig config, InstallHome home, OutboundGuard guard) {
    this.guard = guard;
    switch (config.type()) {
      case "directory" -> {
        this.directory =
            config.directory() == null || config.directory().isBlank()
                ? home.resolve("storage")
                : Path.of(config.directory());
        this.s3 = null;
      }
      case "s3" -> {
        this.directory = null;
        this.s3 = s3(config);
      }
      default ->
          throw new ConfigurationException(
              PREFIX
                  + "type (PALISADE_STORAGE_BUNDLED_TYPE) is '"
                  + config.type()
                  + "'; use directory or s3");
    }
  }

  private static S3Settings s3(BundledStorageConfig c) {
    Map<String, Object> values = new HashMap<>();
    values.put("bucket", c.bucket());
    values.put("region", c.region());
    values.put("endpoint", c.endpoint());
    values.put("prefix", c.prefix());
    values.put("pathStyle", c.pathStyle());
    values.put("accessKeyId", c.accessKeyId());
    values.put("secretAccessKey", c.secretAccessKey());
    try {
      return S3Settings.from(values, PREFIX);
    } catch (PlatformException e) {
      throw new ConfigurationException(e.getMessage());
    }
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public boolean creatable() {
    return false;
  }

  @Override
  public Settings admit(Scope scope, Map<String, Object> values) {
    return new Settings(Map.of(), Map.of());
  }

  @Override
  public StorageBinding open(Scope scope, Settings settings) {
    String org = scope.org().id().toString();
    if (s3 != null) {
      return new S3Binding(TYPE, s3.under(org + "/"), guard);
    }
    return new LocalDirectoryBinding(TYPE, directory.resolve(org));
  }
}
