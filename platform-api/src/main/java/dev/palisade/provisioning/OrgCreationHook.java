package dev.palisade.provisioning;

import dev.palisade.tenancy.Organization;
import org.jdbi.v3.core.Handle;

/**
 * A feature that limits or follows the creation of organizations (the license does both), without
 * tenancy depending on it. Every bean of this type is consulted by {@link Provisioning#create}.
 */
public interface OrgCreationHook {
  /**
   * Throws a {@code PlatformException} (a 4xx) to refuse one more organization while {@code
   * existing} exist. Called before anything is made, and again in the registering transaction
   * (where appends to the install chain are serialized, so the count is exact); a refusal leaves
   * nothing behind.
   */
  void admit(int existing);

  /**
   * Called in the registering transaction on the install database, after the organization's row is
   * inserted. A failure aborts the creation.
   */
  default void created(Handle h, Organization org) {}
}
