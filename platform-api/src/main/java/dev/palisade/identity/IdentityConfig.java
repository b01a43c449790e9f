package dev.palisade.identity;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/** Sign-in policy: lockout, password length, token, invitation and reset lifetimes. */
@ConfigurationProperties("palisade.identity")
public record IdentityConfig(
    @Min(1) @Bindable(defaultValue = "5") int maxFailedAttempts,
    @NotNull @Bindable(defaultValue = "15m") Duration lockoutDuration,
    @Min(8) @Max(128) @Bindable(defaultValue = "12") int passwordMinLength,
    @NotNull @Bindable(defaultValue = "1h") Duration tokenTtl,
    @NotNull @Bindable(defaultValue = "7d") Duration invitationTtl,
    @NotNull @Bindable(defaultValue = "24h") Duration passwordResetTtl) {

  /** Longest accepted password; bounds the work of one hash. */
  public static final int PASSWORD_MAX_LENGTH = 256;
}
