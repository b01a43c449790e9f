package dev.palisade.identity;

import io.micronaut.security.authentication.Authentication;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/** Claim names in Palisade access tokens. */
final class TokenClaims {
  static final String KIND = "kind";
  static final String ORG = "org";

  /** The account's token epoch at issue; a token of an earlier epoch is refused. */
  static final String EPOCH = "epoch";

  /** The token's own id, a UUID; a signed-out token's id is refused until the token expires. */
  static final String JTI = "jti";

  static final String EXP = "exp";

  static final String KIND_INSTALL = "install";
  static final String KIND_MEMBER = "member";

  private TokenClaims() {}

  /** The token's id, or null when it has none or one that is not a UUID. */
  static UUID jti(Authentication auth) {
    Object jti = auth.getAttributes().get(JTI);
    try {
      return jti == null ? null : UUID.fromString(jti.toString());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** When the token expires, or null when it says nothing readable. */
  static Instant expiry(Authentication auth) {
    Object exp = auth.getAttributes().get(EXP);
    if (exp instanceof Date d) {
      return d.toInstant();
    }
    if (exp instanceof Instant i) {
      return i;
    }
    if (exp instanceof Number n) {
      return Instant.ofEpochSecond(n.longValue());
    }
    return null;
  }
}
