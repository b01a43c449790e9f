package dev.palisade.events;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/** The organization an event, incident or receipt concerns; install-scoped ones show "install". */
public record OrgRef(UUID id, String slug) {
  public static final String INSTALL = "install";

  public OrgRef {
    requireNonNull(id, "id is null");
  }
}
