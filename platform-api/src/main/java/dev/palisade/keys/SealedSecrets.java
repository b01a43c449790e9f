package dev.palisade.keys;

import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.InstallDatabase;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Install secrets (the token signing key, the checkpoint signing key) kept in the install database,
 * sealed by the install's key provider: a copy of the database alone does not reveal them. Values
 * returned are owned by the caller, who zeroes them when done.
 */
@Singleton
public final class SealedSecrets {
  private final InstallDatabase install;
  private final KeyProvider provider;

  /** A secret and, for key pairs, its public half (stored in clear). */
  public record Material(byte[] secret, byte[] publicPart) {
    @Override
    public String toString() {
      return "Material[secret=***]";
    }
  }

  SealedSecrets(InstallDatabase install, KeyProvider provider) {
    this.install = install;
    this.provider = provider;
  }

  /** The secret named {@code name}, created with {@code creator} on first use. */
  public Material getOrCreate(String name, Supplier<Material> creator) {
    return read(name)
        .orElseGet(
            () -> {
              Material created = creator.get();
              store(name, created);
              Material stored = read(name).orElseThrow();
              java.util.Arrays.fill(created.secret(), (byte) 0);
              return stored;
            });
  }

  /** Stores {@code material} unless a secret of that name exists (first writer wins). */
  public void store(String name, Material material) {
    WrappedKey w = provider.wrap(material.secret(), context(name));
    try (Connection c = install.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "insert into sealed_secrets (name, provider, kek_id, kek_version, ciphertext,"
                    + " public_part) values (?, ?, ?, ?, ?, ?) on conflict (name) do nothing")) {
      ps.setString(1, name);
      ps.setString(2, w.provider());
      ps.setString(3, w.keyId());
      ps.setString(4, w.kekVersion());
      ps.setBytes(5, w.ciphertext());
      ps.setBytes(6, material.publicPart());
      ps.executeUpdate();
    } catch (SQLException e) {
      throw PlatformException.database("install database error", e);
    }
  }

  private Optional<Material> read(String name) {
    try (Connection c = install.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "select provider, kek_id, kek_version, ciphertext, public_part"
                    + " from sealed_secrets where name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        WrappedKey w =
            new WrappedKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBytes(4));
        return Optional.of(new Material(provider.unwrap(w, context(name)), rs.getBytes(5)));
      }
    } catch (SQLException e) {
      throw PlatformException.database("install database error", e);
    }
  }

  private static byte[] context(String name) {
    return ("palisade:secret:" + name).getBytes(StandardCharsets.UTF_8);
  }
}
