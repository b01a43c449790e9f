package dev.palisade.identity;

import static java.util.Objects.requireNonNull;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.Organizations;
import dev.palisade.tenancy.Scope;

/**
 * Where an account lives: the scope whose database holds it (and whose audit chain records what
 * happens to it) and its table there.
 */
record AccountScope(Scope chain, AccountStore store) {
  AccountScope {
    requireNonNull(chain, "chain is null");
    requireNonNull(store, "store is null");
  }

  static AccountScope of(Scope chain) {
    return new AccountScope(chain, AccountStore.of(chain));
  }

  /** The install for an install admin, the organization for a member. */
  static AccountScope of(Caller caller, Organizations organizations) {
    if (caller.isInstallAdmin()) {
      return of(Scope.install());
    }
    return of(
        Scope.of(
            organizations
                .findById(caller.orgId())
                .orElseThrow(
                    () ->
                        new PlatformException(
                            ErrorCode.UNAUTHENTICATED, "token is no longer valid"))));
  }

  /** How an account of this scope is named as an actor and as an audit subject. */
  String actor(java.util.UUID id) {
    return subjectType() + ":" + id;
  }

  String subjectType() {
    return chain.isInstall() ? "install-admin" : "member";
  }
}
