package dev.palisade.console.api;

/**
 * The console's only way to read or change anything: a call to the platform's public HTTP API, with
 * the caller's own token, answered exactly as any other client would be answered. The API enforces
 * every permission; the console only relays.
 *
 * <p>Implementations are thread-safe. They never log tokens or bodies. A transport failure is not
 * an exception: it is answered as a {@code 502} or {@code 504} problem document.
 */
public interface ApiClient {
  ApiAnswer send(ApiCall call);

  /** Like {@link #send}, with the body streamed; a transport failure is a problem answer. */
  ApiStream stream(ApiCall call);
}
