package dev.palisade.audit;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Audit log tuning: group-commit batch size and writer threads, how long an append may wait, and
 * when checkpoints are signed (every {@code checkpointInterval} or every {@code checkpointEntries}
 * entries, whichever comes first), and from what chain length verification splits the chain into
 * segments checked in parallel; how exports read (a page of {@code exportPageSize} entries at a
 * time), how long an export may wait for its reader ({@code exportWriteTimeout}) and how many
 * exports run at once per organization and in total.
 */
@ConfigurationProperties("palisade.audit")
public record AuditConfig(
    @Min(1) @Max(10_000) @Bindable(defaultValue = "500") int maxBatch,
    @Min(1) @Max(64) @Bindable(defaultValue = "8") int writerThreads,
    @NotNull @Bindable(defaultValue = "10s") Duration appendTimeout,
    @NotNull @Bindable(defaultValue = "60s") Duration checkpointInterval,
    @Min(1) @Bindable(defaultValue = "1000") int checkpointEntries,
    @Min(2) @Bindable(defaultValue = "100000") long verifyParallelFrom,
    @Min(1) @Max(10_000) @Bindable(defaultValue = "1000") int exportPageSize,
    @NotNull @Bindable(defaultValue = "30s") Duration exportWriteTimeout,
    @Min(1) @Max(64) @Bindable(defaultValue = "2") int exportsPerOrganization,
    @Min(1) @Max(1_000) @Bindable(defaultValue = "16") int exports) {}
