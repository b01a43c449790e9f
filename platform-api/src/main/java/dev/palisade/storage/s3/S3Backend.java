package dev.palisade.storage.s3;

import dev.palisade.net.OutboundGuard;
import dev.palisade.storage.StorageBackend;
import dev.palisade.storage.StorageBinding;
import dev.palisade.tenancy.Scope;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/** {@code s3}: a bucket of the organization's own, on AWS or any S3-compatible service. */
@Singleton
final class S3Backend implements StorageBackend {
  static final String TYPE = "s3";
  private static final String SECRET = "secretAccessKey";

  private final OutboundGuard guard;

  S3Backend(OutboundGuard guard) {
    this.guard = guard;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Settings admit(Scope scope, Map<String, Object> values) {
    S3Settings s = S3Settings.from(values, "settings.");
    if (s.endpoint() != null) {
      guard.checkSetting(S3Binding.CLIENT, URI.create(s.endpoint()), "settings.endpoint");
    }
    return new Settings(s.shown(), Map.of(SECRET, s.secretAccessKey()));
  }

  @Override
  public StorageBinding open(Scope scope, Settings settings) {
    Map<String, Object> all = new HashMap<>(settings.shown());
    all.put(SECRET, settings.secrets().get(SECRET));
    all.values().removeIf(java.util.Objects::isNull);
    return new S3Binding(TYPE, S3Settings.from(all, "settings."), guard);
  }
}
