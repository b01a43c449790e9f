package dev.palisade.console;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;

/**
 * The operator console.
 *
 * @param renderContexts how many JavaScript contexts render pages at once (each holds a copy of the
 *     server bundle's heap); requests beyond that wait up to {@code renderTimeout}
 * @param renderTimeout how long a request waits for a free rendering context
 * @param apiTimeout how long one call from the console to the platform API may take
 * @param allowedOrigins origins, besides the one the request was addressed to, from which
 *     state-changing console requests are accepted (for a proxy that rewrites {@code Host}); {@code
 *     scheme://host[:port]}, no trailing slash
 * @param warmUp whether the rendering contexts are created and exercised at start-up, off the
 *     request path
 */
@ConfigurationProperties("palisade.console")
public record ConsoleConfig(
    @Min(1) @Max(64) @Bindable(defaultValue = "2") int renderContexts,
    @NotNull @Bindable(defaultValue = "10s") Duration renderTimeout,
    @NotNull @Bindable(defaultValue = "30s") Duration apiTimeout,
    @Nullable List<String> allowedOrigins,
    @Bindable(defaultValue = "true") boolean warmUp) {
  public ConsoleConfig {
    allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
  }
}
