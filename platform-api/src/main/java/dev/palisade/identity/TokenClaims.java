package dev.palisade.identity;

/** Claim names in Palisade access tokens. */
final class TokenClaims {
  static final String KIND = "kind";
  static final String ORG = "org";
  static final String KIND_INSTALL = "install";
  static final String KIND_MEMBER = "member";

  private TokenClaims() {}
}
