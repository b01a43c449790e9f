package dev.palisade.storage;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/**
 * Migration settings ({@code palisade.storage.migration-*}): objects per batch of the runner job,
 * objects moved at once, attempts per object before it is marked failed, the wait after a failed
 * attempt (multiplied by the attempt number), and whether the source objects are kept after a run
 * completes; and the largest audit bundle an export to storage may write ({@code
 * palisade.storage.audit-export-max-bytes}, 1 GiB), spooled to {@code PALISADE_HOME} first.
 */
@ConfigurationProperties("palisade.storage")
public record StorageConfig(
    @Bindable(defaultValue = "100") @Min(1) @Max(10_000) int migrationBatchSize,
    @Bindable(defaultValue = "4") @Min(1) @Max(32) int migrationWorkers,
    @Bindable(defaultValue = "3") @Min(1) @Max(10) int migrationAttempts,
    @Bindable(defaultValue = "10s") Duration migrationRetryBackoff,
    @Bindable(defaultValue = "false") boolean migrationKeepSources,
    @Bindable(defaultValue = "1073741824") @Min(4096) long auditExportMaxBytes) {}
