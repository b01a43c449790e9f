package dev.palisade.jobs;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * The in-process scheduler of the Sovereign server. {@code enabled=false} leaves jobs to outside
 * triggers (Cloud's EventBridge, or an operator's "run now"). {@code maxJitter} bounds the random
 * delay added to each start so that instances do not start jobs in lockstep; {@code runNowWait} is
 * how long "run now" waits before answering 202 with a run still going; a job that fails {@code
 * failingAfter} times in a row opens a {@code jobFailing} incident. Due times are read from the
 * platform's clock every {@code tick}, so a job starts at most a tick after it is due.
 */
@ConfigurationProperties("palisade.scheduler")
public record SchedulerConfig(
    @Bindable(defaultValue = "true") boolean enabled,
    @NotNull @Bindable(defaultValue = "30s") Duration maxJitter,
    @NotNull @Bindable(defaultValue = "30s") Duration runNowWait,
    @Min(1) @Max(100) @Bindable(defaultValue = "3") int failingAfter,
    @NotNull @Bindable(defaultValue = "1s") Duration tick) {}
