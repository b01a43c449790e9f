package dev.palisade.events;

import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * One install-database table of the Investigations views (security events, incidents, evidence):
 * its columns, how a row maps, and the lookup by id they share.
 */
record Table<T>(Jdbi jdbi, String name, String columns, RowMapper<T> row) {
  /** {@code select <columns> from <table>}, for statements that add their own conditions. */
  String select() {
    return "select " + columns + " from " + name;
  }

  /** The row with this id, or none. */
  List<T> byId(UUID id) {
    return jdbi.withHandle(
        h -> h.createQuery(select() + " where id = :id").bind("id", id).map(row).list());
  }
}
