package dev.palisade.tenancy;

import io.micronaut.context.annotation.Context;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * The id of this install, fixed at its first start in the install database's {@code install_state}
 * row and shared by every instance on that database. It names the install in licenses and signed
 * receipts, and marks the organization databases it owns ({@link TenantDatabases}).
 */
@Context
public final class InstallId {
  private final UUID id;

  InstallId(InstallDatabase database) {
    Jdbi install = database.jdbi();
    install.useHandle(
        h ->
            h.createUpdate(
                    "insert into install_state (id, install_id) values (1, :id)"
                        + " on conflict do nothing")
                .bind("id", UUID.randomUUID())
                .execute());
    this.id =
        install.withHandle(
            h -> h.createQuery("select install_id from install_state").mapTo(UUID.class).one());
  }

  /**
   * The install id recorded in the install database {@code h} is on; empty when that database holds
   * none (not a Palisade install database, or one never started).
   */
  public static java.util.Optional<UUID> recordedIn(org.jdbi.v3.core.Handle h) {
    boolean exists =
        h.createQuery("select to_regclass('install_state') is not null").mapTo(Boolean.class).one();
    return exists
        ? h.createQuery("select install_id from install_state").mapTo(UUID.class).findOne()
        : java.util.Optional.empty();
  }

  public UUID value() {
    return id;
  }

  /** The first 12 hex digits, enough to tell installs apart in database names. */
  String shortForm() {
    return id.toString().replace("-", "").substring(0, 12);
  }

  @Override
  public String toString() {
    return id.toString();
  }
}
