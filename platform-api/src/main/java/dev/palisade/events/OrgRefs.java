package dev.palisade.events;

import dev.palisade.tenancy.Organizations;
import jakarta.inject.Singleton;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Shows the organization of stored events, incidents and receipts as {@code "install"} or an {@link
 * OrgRef} with its current slug, asking {@link Organizations} once per page.
 */
@Singleton
final class OrgRefs {
  private final Organizations organizations;

  OrgRefs(Organizations organizations) {
    this.organizations = organizations;
  }

  /** Each row with its organization resolved: {@code orgId} reads it, {@code with} sets it. */
  <T> List<T> resolve(List<T> rows, Function<T, UUID> orgId, BiFunction<T, Object, T> with) {
    Set<UUID> ids = new HashSet<>();
    rows.stream().map(orgId).filter(Objects::nonNull).forEach(ids::add);
    Map<UUID, String> slugs = organizations.slugsOf(ids);
    return rows.stream()
        .map(
            r -> {
              UUID id = orgId.apply(r);
              return with.apply(r, id == null ? OrgRef.INSTALL : new OrgRef(id, slugs.get(id)));
            })
        .toList();
  }
}
