package dev.palisade.errors;

/** Who is at fault for an error, which decides its HTTP status family and how much it may say. */
public enum ErrorType {
  /** The caller sent something wrong: a 4xx that names the problem. */
  USER,
  /** A dependency (database, key provider, peer) failed: 502 or 503, sanitized. */
  EXTERNAL,
  /** A bug or an unexpected state: 500 with a generic text; details go only to the log. */
  INTERNAL
}
