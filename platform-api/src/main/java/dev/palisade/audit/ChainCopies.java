package dev.palisade.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.crypto.Hashes;
import dev.palisade.errors.PlatformException;
import dev.palisade.keys.Keyrings;
import dev.palisade.tenancy.Databases;
import dev.palisade.tenancy.Scope;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import javax.crypto.SecretKey;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Audit chains in a copy of their database: the snapshot a backup dumps, or a scratch database
 * restored from a backup. Reads their heads, verifies a restored chain with the normal {@link
 * ChainVerifier}, compares a restored head with the live chain, and opens one sealed entry of a
 * restored chain with the current key provider.
 */
@Singleton
public final class ChainCopies {
  /** A chain's newest entry: {@code chainHash} in hex; sequence 0 for an empty chain. */
  public record Head(String chainId, long sequence, String chainHash) {}

  private final ChainVerifier verifier;
  private final Checkpoints checkpoints;
  private final CheckpointMarks marks;
  private final Databases databases;
  private final Keyrings keyrings;
  private final ObjectMapper json;

  ChainCopies(
      ChainVerifier verifier,
      Checkpoints checkpoints,
      CheckpointMarks marks,
      Databases databases,
      Keyrings keyrings,
      ObjectMapper json) {
    this.verifier = verifier;
    this.checkpoints = checkpoints;
    this.marks = marks;
    this.databases = databases;
    this.keyrings = keyrings;
    this.json = json;
  }

  /**
   * The head of chain {@code chainId} as the database {@code h} is on sees it (in the caller's
   * transaction, so at its snapshot); sequence 0 and the genesis value when the chain is empty.
   */
  public static Head head(Handle h, String chainId) {
    ChainHeads.Head head = ChainHeads.all(h).get(chainId);
    return head == null
        ? new Head(chainId, 0, HexFormat.of().formatHex(ChainEncoding.GENESIS))
        : new Head(chainId, head.sequence(), HexFormat.of().formatHex(head.chainHash()));
  }

  /** Every chain head stored in the database {@code h} is on. */
  public static List<Head> heads(Handle h) {
    List<Head> out = new ArrayList<>();
    for (Map.Entry<String, ChainHeads.Head> e : ChainHeads.all(h).entrySet()) {
      out.add(
          new Head(
              e.getKey(),
              e.getValue().sequence(),
              HexFormat.of().formatHex(e.getValue().chainHash())));
    }
    return out;
  }

  /**
   * Verifies {@code chain} as restored in {@code copy}: every entry recomputed from genesis, and
   * compared with the live install's signed checkpoints of the chain that the copy reaches, and
   * with the chain's mark (the copy's own for an organization, the live one for the install when
   * the copy reaches it).
   */
  public Verification verify(Scope chain, Jdbi copy) {
    long max;
    Optional<Checkpoint> mark;
    try {
      max = copy.withHandle(AuditEntries::maxSequence);
      if (chain.isInstall()) {
        try {
          mark = marks.read(chain);
        } catch (IllegalArgumentException e) {
          mark = Optional.empty();
        }
      } else {
        mark = copy.withHandle(h -> CheckpointMarks.readFrom(h, chain.id()));
      }
    } catch (JdbiException e) {
      throw PlatformException.database("cannot read the restored audit chain", e);
    }
    List<Checkpoint> reached =
        checkpoints.of(chain.id()).stream().filter(cp -> cp.sequence() <= max).toList();
    Optional<Checkpoint> markReached = mark.filter(m -> m.sequence() <= max);
    return verifier.verifyCopy(chain.id(), copy, reached, markReached);
  }

  /**
   * Checks a head of a backup against the live chain: it must be an entry of the live chain with
   * the same chain hash or, where the live chain does not reach it, a signed checkpoint of the
   * chain at that entry with that hash. Returns what is wrong, or empty when the head is the live
   * chain's.
   */
  public Optional<String> compareWithLive(Scope chain, Head head) {
    if (head.sequence() == 0) {
      return Optional.empty();
    }
    byte[] expected = HexFormat.of().parseHex(head.chainHash());
    Optional<byte[]> live;
    try {
      live =
          databases.read(
              chain,
              h ->
                  h.createQuery("select chain_hash from audit_entries where sequence = :s")
                      .bind("s", head.sequence())
                      .mapTo(byte[].class)
                      .findOne());
    } catch (JdbiException e) {
      throw PlatformException.database("cannot read the live audit chain", e);
    }
    if (live.isPresent()) {
      return Hashes.equal(live.get(), expected)
          ? Optional.empty()
          : Optional.of(
              "entry "
                  + head.sequence()
                  + " of the live chain "
                  + chain.id()
                  + " has another chain hash than the backup's head: the backup's chain is not"
                  + " the install's");
    }
    for (Checkpoint cp : checkpoints.of(chain.id())) {
      if (cp.sequence() == head.sequence()) {
        return Hashes.equal(cp.chainHash(), expected)
            ? Optional.empty()
            : Optional.of(
                "the signed checkpoint at entry "
                    + head.sequence()
                    + " of chain "
                    + chain.id()
                    + " has another chain hash than the backup's head");
      }
    }
    return Optional.of(
        "the live chain "
            + chain.id()
            + " has no entry "
            + head.sequence()
            + " and no signed checkpoint covers it, so the backup's head cannot be confirmed");
  }

  /**
   * Opens the newest sealed metadata of {@code chain} in {@code copy} with the key provider the
   * install uses now. Returns the entry's sequence, or empty when the copy has no sealed entry; a
   * {@link PlatformException} says why it does not open.
   */
  public OptionalLong openOneSealed(Scope chain, Handle copy) {
    Optional<AuditEntry> entry =
        copy.createQuery(
                "select "
                    + AuditEntries.COLUMNS
                    + " from audit_entries where sealed_metadata is not null"
                    + " order by sequence desc limit 1")
            .map((rs, ctx) -> AuditEntries.map(chain.id(), rs))
            .findOne();
    if (entry.isEmpty()) {
      return OptionalLong.empty();
    }
    AuditEntry e = entry.get();
    SecretKey key = keyrings.keyInCopy(chain, copy, e.sealedKeyVersion());
    SealedMetadata.open(key, e, json);
    return OptionalLong.of(e.sequence());
  }
}
