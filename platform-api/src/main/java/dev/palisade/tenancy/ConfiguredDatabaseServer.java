package dev.palisade.tenancy;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.Properties;

/** The database server named by {@code palisade.database.url} ({@code PALISADE_DATABASE_URL}). */
@Singleton
@Requires(property = "palisade.database.url")
public final class ConfiguredDatabaseServer implements DatabaseServer {
  private final DatabaseConfig config;

  public ConfiguredDatabaseServer(DatabaseConfig config) {
    this.config = config;
    JdbcUrls.database(config.url()); // fail the boot on a malformed URL
  }

  @Override
  public String installUrl() {
    return config.url();
  }

  @Override
  public Properties connectionProperties() {
    return DriverProperties.of(config, config.user(), config.password());
  }

  @Override
  public String describe() {
    return "configured " + JdbcUrls.redact(config.url());
  }
}
