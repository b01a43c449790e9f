package dev.palisade.audit;

import dev.palisade.keys.Keyrings;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.MDC;

/**
 * An append waiting for its chain's next group commit. It is {@code QUEUED} until a batch takes it
 * ({@code TAKEN}: its work runs and the caller waits for the batch's outcome) or its caller gives
 * up first ({@code ABANDONED}: no batch will ever run it). Exactly one of the two transitions
 * happens, which is what keeps a timed-out request from being applied later.
 */
final class Pending<T> {
  enum State {
    QUEUED,
    TAKEN,
    ABANDONED
  }

  final UUID id = UUID.randomUUID();
  final AuditLog.Change<T> work;
  final Function<T, AuditEvent> event;
  final Keyrings.ActiveKey key;
  final CompletableFuture<Appended<T>> future = new CompletableFuture<>();

  /** The caller's logging and trace context, restored while the work runs on a writer thread. */
  final Map<String, String> mdc = MDC.getCopyOfContextMap();

  final io.opentelemetry.context.Context trace = io.opentelemetry.context.Context.current();
  private final AtomicReference<State> state = new AtomicReference<>(State.QUEUED);

  Pending(AuditLog.Change<T> work, Function<T, AuditEvent> event, Keyrings.ActiveKey key) {
    this.work = work;
    this.event = event;
    this.key = key;
  }

  /** Claims this append for a batch; false if its caller gave up. */
  boolean take() {
    return state.compareAndSet(State.QUEUED, State.TAKEN);
  }

  /** Gives up on this append; false if a batch has taken it (the caller must await the outcome). */
  boolean abandon() {
    return state.compareAndSet(State.QUEUED, State.ABANDONED);
  }

  boolean abandoned() {
    return state.get() == State.ABANDONED;
  }

  /** The committed entry and the work's result. */
  record Appended<T>(AuditEntry entry, T result) {}
}
