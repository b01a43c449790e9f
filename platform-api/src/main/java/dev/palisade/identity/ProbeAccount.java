package dev.palisade.identity;

import dev.palisade.audit.AuditEvent;
import dev.palisade.audit.AuditLog;
import dev.palisade.crypto.Tokens;
import dev.palisade.keys.SealedSecrets;
import dev.palisade.tenancy.Databases;
import dev.palisade.tenancy.Scope;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The backup probe account: a row of {@code install_admins} with status {@value #STATUS} whose
 * password (32 random bytes, URL-safe base64) exists only sealed by the install's key provider in
 * {@code sealed_secrets} under {@value #SECRET_NAME}, with the account's id as its public part.
 * Restore validation checks that password against the probe's hash in a restored install database,
 * proving that the restored identity data still verifies a known credential.
 *
 * <p>A probe account cannot sign in: sign-in, password resets and every admin operation look
 * accounts up through {@link AccountStore}, which never returns one, its status is not {@code
 * active} (tokens are issued to active accounts only), its e-mail column holds {@code
 * backup-probe:<id>}, which is no e-mail address, so no invitation or sign-in form can name it, and
 * it is never listed. Secrets returned are owned by the caller, who zeroes them. Thread-safe;
 * creation is idempotent across instances (the sealed secret's first writer wins).
 */
@Singleton
public final class ProbeAccount {
  /** The status of a probe account in {@code install_admins}. */
  public static final String STATUS = "probe";

  /** The name of the probe's sealed secret in {@code sealed_secrets}. */
  public static final String SECRET_NAME = "backup-probe-account";

  private final SealedSecrets secrets;
  private final Jdbi install;
  private final PasswordHasher hasher;
  private final AuditLog audit;

  ProbeAccount(SealedSecrets secrets, Databases databases, PasswordHasher hasher, AuditLog audit) {
    this.secrets = secrets;
    this.install = databases.install();
    this.hasher = hasher;
    this.audit = audit;
  }

  /** The probe's id and password; {@code toString()} never shows the password. */
  public record Probe(UUID id, char[] password) {
    /** Overwrites the password. */
    public void destroy() {
      Arrays.fill(password, '\0');
    }

    @Override
    public String toString() {
      return "Probe[id=" + id + ", password=***]";
    }
  }

  /** What a restored install database says about the probe. */
  public enum Check {
    /** The probe's hash there verifies its password. */
    VERIFIES,
    /** The probe's row is there, but its hash does not verify the password. */
    DIFFERS,
    /** The restored database holds the probe's sealed secret but not its account row. */
    MISSING,
    /** The restored database predates the probe (it holds no probe secret). */
    PREDATES
  }

  /**
   * The probe, created on first need: its sealed secret if there is none, its account row if there
   * is none (recorded in the install audit chain as {@code install_admin.probe_created}).
   */
  public Probe ensure() {
    SealedSecrets.Material m =
        secrets.getOrCreate(
            SECRET_NAME,
            () -> new SealedSecrets.Material(Tokens.randomBytes(32), bytes(UUID.randomUUID())));
    Probe probe = probe(m);
    if (!install.withHandle(h -> exists(h, probe.id()))) {
      String hash = hasher.hash(probe.password());
      audit.change(
          Scope.install(),
          h ->
              h.createUpdate(
                      "insert into install_admins (id, email, password_hash, status)"
                          + " values (:id, :email, :hash, :status) on conflict do nothing")
                  .bind("id", probe.id())
                  .bind("email", "backup-probe:" + probe.id())
                  .bind("hash", hash)
                  .bind("status", STATUS)
                  .execute(),
          n ->
              AuditEvent.by("system", "system:backup")
                  .subject("install-admin", probe.id())
                  .publicMetadata(Map.of("status", STATUS, "created", n))
                  .action("install_admin.probe_created"));
    }
    return probe;
  }

  /** The probe if it was ever created; never creates it. */
  public Optional<Probe> find() {
    return secrets.find(SECRET_NAME).map(ProbeAccount::probe);
  }

  /**
   * Checks {@code probe}'s password against a restored install database, read through {@code h}.
   */
  public Check check(Handle h, Probe probe) {
    boolean sealed =
        h.createQuery("select count(*) > 0 from sealed_secrets where name = :name")
            .bind("name", SECRET_NAME)
            .mapTo(Boolean.class)
            .one();
    if (!sealed) {
      return Check.PREDATES;
    }
    Optional<String> hash =
        h.createQuery("select password_hash from install_admins where id = :id and status = :s")
            .bind("id", probe.id())
            .bind("s", STATUS)
            .mapTo(String.class)
            .findOne();
    if (hash.isEmpty()) {
      return Check.MISSING;
    }
    return hasher.verify(probe.password(), hash.get()) ? Check.VERIFIES : Check.DIFFERS;
  }

  private static boolean exists(Handle h, UUID id) {
    return h.createQuery("select count(*) > 0 from install_admins where id = :id")
        .bind("id", id)
        .mapTo(Boolean.class)
        .one();
  }

  private static Probe probe(SealedSecrets.Material m) {
    ByteBuffer b = ByteBuffer.wrap(m.publicPart());
    UUID id = new UUID(b.getLong(), b.getLong());
    char[] password =
        Base64.getUrlEncoder().withoutPadding().encodeToString(m.secret()).toCharArray();
    Arrays.fill(m.secret(), (byte) 0);
    return new Probe(id, password);
  }

  private static byte[] bytes(UUID id) {
    return ByteBuffer.allocate(16)
        .putLong(id.getMostSignificantBits())
        .putLong(id.getLeastSignificantBits())
        .array();
  }
}
