package dev.palisade.tenancy;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;

/**
 * Where the install database lives and how connections are pooled.
 *
 * <p>{@code url} is a JDBC URL of a PostgreSQL database where the platform may {@code CREATE
 * DATABASE}; when it is absent the Sovereign server starts an embedded PostgreSQL instead. The
 * password is never logged and never part of {@link #toString()}.
 */
@ConfigurationProperties("palisade.database")
public record DatabaseConfig(
    @Nullable String url,
    @Nullable String user,
    @Nullable String password,
    @NotNull @Pattern(regexp = "[a-z][a-z0-9_]{0,30}_") @Bindable(defaultValue = "palisade_org_")
        String tenantPrefix,
    @Min(2) @Bindable(defaultValue = "10") int installPoolSize,
    @Min(1) @Bindable(defaultValue = "4") int tenantPoolSize,
    @Nullable @Min(1) Integer tenantConnectionCap,
    @NotNull @Bindable(defaultValue = "60s") Duration tenantIdleTimeout,
    @NotNull @Bindable(defaultValue = "5s") Duration connectTimeout,
    @NotNull @Bindable(defaultValue = "10s") Duration acquireTimeout) {

  @Override
  public String toString() {
    return "DatabaseConfig[url="
        + (url == null ? "(embedded)" : JdbcUrls.redact(url))
        + ", user="
        + user
        + ", tenantPrefix="
        + tenantPrefix
        + "]";
  }
}
