package dev.palisade.health;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * How the readiness state is refreshed: every {@code refreshInterval}, each check bounded by {@code
 * checkTimeout}; a state older than {@code staleAfter} counts as not ready.
 */
@ConfigurationProperties("palisade.health")
public record HealthConfig(
    @NotNull @Bindable(defaultValue = "2s") Duration refreshInterval,
    @NotNull @Bindable(defaultValue = "2s") Duration checkTimeout,
    @NotNull @Bindable(defaultValue = "6s") Duration staleAfter) {}
