package dev.palisade.identity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The {@code account_mfa} and {@code mfa_recovery_codes} tables, which the install database (for
 * install admins) and every organization's database (for members) hold alike. Every statement runs
 * on the caller's handle; the checks that must be atomic (a time step used once, a recovery code
 * used once) are single guarded updates.
 */
final class MfaStore {
  private MfaStore() {}

  /** An account's second factor: the sealed secret, and whether it is confirmed yet. */
  record Row(boolean active, byte[] sealedSecret, int keyVersion) {
    @Override
    public String toString() {
      return "Row[active=" + active + ", keyVersion=" + keyVersion + "]";
    }
  }

  static Optional<Row> find(Handle h, UUID account) {
    return h.createQuery(
            "select status, sealed_secret, key_version from account_mfa where account_id = :id")
        .bind("id", account)
        .map((rs, ctx) -> new Row("active".equals(rs.getString(1)), rs.getBytes(2), rs.getInt(3)))
        .findOne();
  }

  /**
   * A column for a query that binds the account as {@code :id}: whether its second factor is
   * active, so the account and its factor are read in one round trip.
   */
  static final String ACTIVE_COLUMN =
      "exists (select 1 from account_mfa where account_id = :id and status = 'active')";

  static boolean isActive(Handle h, UUID account) {
    return h.createQuery(
            "select count(*) > 0 from account_mfa where account_id = :id and status = 'active'")
        .bind("id", account)
        .mapTo(Boolean.class)
        .one();
  }

  /**
   * Stores a new, unconfirmed secret, replacing an unconfirmed one; false (nothing written) when
   * the account's second factor is already active.
   */
  static boolean putPending(Handle h, UUID account, byte[] sealed, int keyVersion, Instant now) {
    return h.createUpdate(
                "insert into account_mfa (account_id, status, sealed_secret, key_version,"
                    + " created_at) values (:id, 'pending', :sealed, :version, :now)"
                    + " on conflict (account_id) do update set sealed_secret = excluded.sealed_secret,"
                    + " key_version = excluded.key_version, created_at = excluded.created_at,"
                    + " last_step = null where account_mfa.status = 'pending'")
            .bind("id", account)
            .bind("sealed", sealed)
            .bind("version", keyVersion)
            .bind("now", now)
            .execute()
        == 1;
  }

  /**
   * Confirms a pending secret with the step of the code that confirmed it; false if not pending.
   */
  static boolean activate(Handle h, UUID account, long step, Instant now) {
    return h.createUpdate(
                "update account_mfa set status = 'active', enabled_at = :now, last_step = :step"
                    + " where account_id = :id and status = 'pending'")
            .bind("id", account)
            .bind("step", step)
            .bind("now", now)
            .execute()
        == 1;
  }

  /**
   * Accepts time step {@code step} if it is later than every step accepted before, in one guarded
   * update: two uses of one code, on however many instances, cannot both pass.
   */
  static boolean acceptStep(Handle h, UUID account, long step) {
    return h.createUpdate(
                "update account_mfa set last_step = :step where account_id = :id"
                    + " and status = 'active' and (last_step is null or last_step < :step)")
            .bind("id", account)
            .bind("step", step)
            .execute()
        == 1;
  }

  /** Removes the second factor and its recovery codes; true if there was one. */
  static boolean delete(Handle h, UUID account) {
    h.createUpdate("delete from mfa_recovery_codes where account_id = :id")
        .bind("id", account)
        .execute();
    return h.createUpdate("delete from account_mfa where account_id = :id")
            .bind("id", account)
            .execute()
        == 1;
  }

  static void replaceRecoveryCodes(Handle h, UUID account, List<byte[]> hashes) {
    h.createUpdate("delete from mfa_recovery_codes where account_id = :id")
        .bind("id", account)
        .execute();
    var batch =
        h.prepareBatch(
            "insert into mfa_recovery_codes (account_id, code_hash) values (:id, :hash)");
    for (byte[] hash : hashes) {
      batch.bind("id", account).bind("hash", hash).add();
    }
    batch.execute();
  }

  static List<byte[]> unusedRecoveryCodes(Handle h, UUID account) {
    return h.createQuery(
            "select code_hash from mfa_recovery_codes where account_id = :id and used_at is null")
        .bind("id", account)
        .mapTo(byte[].class)
        .list();
  }

  /** Marks one recovery code used; false if it was used meanwhile. */
  static boolean useRecoveryCode(Handle h, UUID account, byte[] hash, Instant now) {
    return h.createUpdate(
                "update mfa_recovery_codes set used_at = :now where account_id = :id"
                    + " and code_hash = :hash and used_at is null")
            .bind("id", account)
            .bind("hash", hash)
            .bind("now", now)
            .execute()
        == 1;
  }

  static int remainingRecoveryCodes(Handle h, UUID account) {
    return h.createQuery(
            "select count(*) from mfa_recovery_codes where account_id = :id and used_at is null")
        .bind("id", account)
        .mapTo(Integer.class)
        .one();
  }
}
