package dev.palisade.backup;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * An S3 bucket as the backup target ({@code palisade.backup.s3.*}): used instead of the directory
 * when {@code bucket} is set. Reached through the storage package's S3 client and the outbound
 * guard. The secret is never part of {@link #toString()}.
 */
@ConfigurationProperties("palisade.backup.s3")
public record BackupS3Config(
    @Nullable String bucket,
    @Nullable String region,
    @Nullable String endpoint,
    @Nullable String prefix,
    @Bindable(defaultValue = "false") boolean pathStyle,
    @Nullable String accessKeyId,
    @Nullable String secretAccessKey) {

  @Override
  public String toString() {
    return "BackupS3Config[bucket="
        + bucket
        + ", region="
        + region
        + ", endpoint="
        + endpoint
        + ", prefix="
        + prefix
        + "]";
  }
}
