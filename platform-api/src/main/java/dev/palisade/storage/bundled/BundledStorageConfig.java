package dev.palisade.storage.bundled;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * The install's bundled storage ({@code palisade.storage.bundled.*}), which every organization
 * starts on, one directory or prefix per organization: {@code type} {@code directory} (under {@code
 * directory}, default {@code PALISADE_HOME/storage}) or {@code s3} (an install-level bucket: {@code
 * bucket}, {@code region}, {@code endpoint}, {@code prefix}, {@code path-style}, {@code
 * access-key-id}, {@code secret-access-key}). The secret is never part of {@link #toString()}.
 */
@ConfigurationProperties("palisade.storage.bundled")
public record BundledStorageConfig(
    @Bindable(defaultValue = "directory") String type,
    @Nullable String directory,
    @Nullable String bucket,
    @Nullable String region,
    @Nullable String endpoint,
    @Nullable String prefix,
    @Bindable(defaultValue = "false") boolean pathStyle,
    @Nullable String accessKeyId,
    @Nullable String secretAccessKey) {

  @Override
  public String toString() {
    return "BundledStorageConfig[type="
        + type
        + ", directory="
        + directory
        + ", bucket="
        + bucket
        + "]";
  }
}
