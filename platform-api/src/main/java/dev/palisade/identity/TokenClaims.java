package dev.palisade.identity;

/** Claim names in Palisade access tokens. */
final class TokenClaims {
  static final String KIND = "kind";
  static final String ORG = "org";

  /** The account's token epoch at issue; a token of an earlier epoch is refused. */
  static final String EPOCH = "epoch";

  static final String KIND_INSTALL = "install";
  static final String KIND_MEMBER = "member";

  private TokenClaims() {}
}
