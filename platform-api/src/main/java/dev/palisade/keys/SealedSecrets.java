package dev.palisade.keys;

import dev.palisade.tenancy.Databases;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * Install secrets (the token signing key, the checkpoint signing key) kept in the install
 * database's {@code sealed_secrets}, sealed by the install's key provider: a copy of the database
 * alone does not reveal them. Values returned are owned by the caller, who zeroes them when done.
 */
@Singleton
public final class SealedSecrets {
  private final Jdbi install;
  private final KeyProvider provider;

  /** A secret and, for key pairs, its public half (stored in clear). */
  public record Material(byte[] secret, byte[] publicPart) {
    @Override
    public String toString() {
      return "Material[secret=***]";
    }
  }

  private record Row(WrappedKey wrapped, byte[] publicPart) {}

  /** {@code backends} comes first so that an unknown provider type fails the boot by name. */
  SealedSecrets(KeyBackends backends, Databases databases, KeyProvider provider) {
    this.install = databases.install();
    this.provider = provider;
  }

  /** The secret named {@code name}, created with {@code creator} on first use. */
  public Material getOrCreate(String name, Supplier<Material> creator) {
    return find(name)
        .orElseGet(
            () -> {
              Material created = creator.get();
              store(name, created);
              Material stored = find(name).orElseThrow();
              Arrays.fill(created.secret(), (byte) 0);
              return stored;
            });
  }

  /** Stores {@code material} unless a secret of that name exists (first writer wins). */
  public void store(String name, Material material) {
    WrappedKey w = provider.wrap(material.secret(), context(name));
    install.useHandle(
        h ->
            h.createUpdate(
                    "insert into sealed_secrets (name, provider, kek_id, kek_version, ciphertext,"
                        + " public_part) values (:name, :provider, :keyId, :kekVersion,"
                        + " :ciphertext, :publicPart) on conflict (name) do nothing")
                .bind("name", name)
                .bindMethods(w)
                .bind("publicPart", material.publicPart())
                .execute());
  }

  /** The secret named {@code name}, unsealed by the key provider; empty if there is none. */
  public Optional<Material> find(String name) {
    Optional<Row> row =
        install.withHandle(
            h ->
                h.createQuery(
                        "select provider, kek_id, kek_version, ciphertext, public_part"
                            + " from sealed_secrets where name = :name")
                    .bind("name", name)
                    .map(
                        (rs, ctx) ->
                            new Row(
                                new WrappedKey(
                                    rs.getString(1),
                                    rs.getString(2),
                                    rs.getString(3),
                                    rs.getBytes(4)),
                                rs.getBytes(5)))
                    .findOne());
    return row.map(r -> new Material(provider.unwrap(r.wrapped(), context(name)), r.publicPart()));
  }

  /**
   * The public half stored with secret {@code name} in the install database {@code h} is on, read
   * without the key provider; empty when there is no such secret (or no such table).
   */
  public static Optional<byte[]> publicPart(org.jdbi.v3.core.Handle h, String name) {
    boolean exists =
        h.createQuery("select to_regclass('sealed_secrets') is not null")
            .mapTo(Boolean.class)
            .one();
    return exists
        ? h.createQuery("select public_part from sealed_secrets where name = :name")
            .bind("name", name)
            .mapTo(byte[].class)
            .findOne()
        : Optional.empty();
  }

  private static byte[] context(String name) {
    return ("palisade:secret:" + name).getBytes(StandardCharsets.UTF_8);
  }
}
