package dev.palisade.audit;

import dev.palisade.errors.PlatformException;
import dev.palisade.install.InstallHome;
import dev.palisade.tenancy.Databases;
import dev.palisade.tenancy.Scope;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.jdbi.v3.core.JdbiException;

/**
 * The newest signed checkpoint of each chain, kept where the install database, which holds the
 * checkpoints, cannot change it: for an organization's chain in that organization's database
 * ({@code audit_checkpoint_mark}), for the install chain in the file {@value #FILE} under {@code
 * PALISADE_HOME}. A mark only moves up. It is a copy of a checkpoint with its signature, so it
 * cannot be raised without the checkpoint key. Thread-safe.
 */
@Singleton
final class CheckpointMarks {
  static final String FILE = "audit/install-checkpoint-mark";

  private final Databases databases;
  private final InstallHome home;

  CheckpointMarks(Databases databases, InstallHome home) {
    this.databases = databases;
    this.home = home;
  }

  /** Keeps {@code cp} as the chain's mark unless a mark with a higher number is kept already. */
  synchronized void keep(Scope chain, Checkpoint cp) {
    if (chain.isInstall()) {
      if (read(chain).map(m -> m.number() < cp.number()).orElse(true)) {
        home.writeSecret(FILE, encode(cp));
      }
      return;
    }
    try {
      databases.read(
          chain,
          h ->
              h.createUpdate(
                      "insert into audit_checkpoint_mark (chain_id, number, sequence, chain_hash,"
                          + " signed_at, key_id, signature) values (:chainId, :number, :sequence,"
                          + " :chainHash, :signedAt, :keyId, :signature)"
                          + " on conflict (chain_id) do update set number = excluded.number,"
                          + " sequence = excluded.sequence, chain_hash = excluded.chain_hash,"
                          + " signed_at = excluded.signed_at, key_id = excluded.key_id,"
                          + " signature = excluded.signature"
                          + " where audit_checkpoint_mark.number < excluded.number")
                  .bind("chainId", cp.chainId())
                  .bind("number", cp.number())
                  .bind("sequence", cp.sequence())
                  .bind("chainHash", cp.chainHash())
                  .bind("signedAt", cp.signedAt())
                  .bind("keyId", cp.keyId())
                  .bind("signature", cp.signature())
                  .execute());
    } catch (JdbiException e) {
      throw PlatformException.database("cannot keep the checkpoint mark", e);
    }
  }

  /** The chain's mark, if one was kept. */
  Optional<Checkpoint> read(Scope chain) {
    if (chain.isInstall()) {
      return home.readSecret(FILE).map(CheckpointMarks::decode);
    }
    try {
      return databases.read(
          chain,
          h ->
              h.createQuery(
                      "select chain_id, sequence, chain_hash, signed_at, key_id, signature,"
                          + " number, 2 as version from audit_checkpoint_mark"
                          + " where chain_id = :chain")
                  .bind("chain", chain.id())
                  .map(Checkpoints.ROW)
                  .findOne());
    } catch (JdbiException e) {
      throw PlatformException.database("cannot read the checkpoint mark", e);
    }
  }

  /** The mark of an organization's chain as stored in the database {@code h} is on. */
  static Optional<Checkpoint> readFrom(org.jdbi.v3.core.Handle h, String chainId) {
    boolean exists =
        h.createQuery("select to_regclass('audit_checkpoint_mark') is not null")
            .mapTo(Boolean.class)
            .one();
    if (!exists) {
      return Optional.empty();
    }
    return h.createQuery(
            "select chain_id, sequence, chain_hash, signed_at, key_id, signature,"
                + " number, 2 as version from audit_checkpoint_mark where chain_id = :chain")
        .bind("chain", chainId)
        .map(Checkpoints.ROW)
        .findOne();
  }

  /** One line: chain id, number, sequence, hex chain hash, signed at, key id, base64 signature. */
  private static String encode(Checkpoint cp) {
    return String.join(
        " ",
        cp.chainId(),
        Long.toString(cp.number()),
        Long.toString(cp.sequence()),
        HexFormat.of().formatHex(cp.chainHash()),
        ChainEncoding.formatTime(cp.signedAt()),
        cp.keyId(),
        Base64.getEncoder().encodeToString(cp.signature()));
  }

  /** The mark in {@code line}; {@link IllegalArgumentException} when it is not one. */
  private static Checkpoint decode(String line) {
    String[] f = line.split(" ");
    if (f.length != 7) {
      throw new IllegalArgumentException("the install checkpoint mark is not readable");
    }
    try {
      return checkpoint(f);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("the install checkpoint mark is not readable", e);
    }
  }

  private static Checkpoint checkpoint(String[] f) {
    return new Checkpoint(
        f[0],
        Long.parseLong(f[2]),
        HexFormat.of().parseHex(f[3]),
        Instant.parse(f[4]),
        f[5],
        Base64.getDecoder().decode(f[6]),
        Long.parseLong(f[1]),
        2);
  }
}
