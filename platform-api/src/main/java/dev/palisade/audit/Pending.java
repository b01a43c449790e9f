package dev.palisade.audit;

import dev.palisade.keys.Keyrings;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** An append waiting for its chain's next group commit. */
final class Pending<T> {
  /** Work done in the same transaction as the entry; its result becomes part of the event. */
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  final UUID id = UUID.randomUUID();
  final Work<T> work;
  final Function<T, AuditEvent> event;
  final Keyrings.ActiveKey key;
  final CompletableFuture<Appended<T>> future = new CompletableFuture<>();

  Pending(Work<T> work, Function<T, AuditEvent> event, Keyrings.ActiveKey key) {
    this.work = work;
    this.event = event;
    this.key = key;
  }

  /** The committed entry and the work's result. */
  record Appended<T>(AuditEntry entry, T result) {}
}
