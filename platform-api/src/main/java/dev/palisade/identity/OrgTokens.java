package dev.palisade.identity;

import dev.palisade.crypto.Tokens;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * One-time tokens that name the organization they belong to: {@code <prefix><organization id, 32
 * hex digits>_<random>}. The anonymous call that redeems one finds the organization's database from
 * the token alone, without a scan of every tenant database; the token is given only to the person
 * it is for, never in an anonymous answer.
 */
final class OrgTokens {
  private OrgTokens() {}

  static String issue(String prefix, UUID org) {
    byte[] id =
        ByteBuffer.allocate(16)
            .putLong(org.getMostSignificantBits())
            .putLong(org.getLeastSignificantBits())
            .array();
    return prefix + HexFormat.of().formatHex(id) + "_" + Tokens.random(32);
  }

  /** The organization id a token names, or empty when it is not of this form. */
  static Optional<UUID> orgOf(String prefix, String token) {
    int start = prefix.length();
    if (!token.startsWith(prefix) || token.length() < start + 33) {
      return Optional.empty();
    }
    try {
      ByteBuffer b = ByteBuffer.wrap(HexFormat.of().parseHex(token, start, start + 32));
      return Optional.of(new UUID(b.getLong(), b.getLong()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
