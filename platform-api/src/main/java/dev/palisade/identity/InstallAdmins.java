package dev.palisade.identity;

import dev.palisade.tenancy.Databases;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The {@code install_admins} table of the install database. */
@Singleton
public final class InstallAdmins {
  private final Jdbi install;

  InstallAdmins(Databases databases) {
    this.install = databases.install();
  }

  Optional<Caller> findActiveCaller(UUID id, int epoch) {
    return install.withHandle(
        h ->
            h.createQuery(
                    "select email from install_admins where id = :id and status = 'active'"
                        + " and token_epoch = :epoch")
                .bind("id", id)
                .bind("epoch", epoch)
                .mapTo(String.class)
                .findOne()
                .map(email -> new Caller(Caller.Kind.INSTALL_ADMIN, id, email, null, null)));
  }

  /** Inserts an admin inside the caller's transaction. */
  static void insert(Handle h, UUID id, String email, String passwordHash) {
    h.createUpdate(
            "insert into install_admins (id, email, password_hash) values (:id, :email, :hash)")
        .bind("id", id)
        .bind("email", email)
        .bind("hash", passwordHash)
        .execute();
  }
}
