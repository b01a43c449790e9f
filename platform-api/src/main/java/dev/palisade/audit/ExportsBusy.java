package dev.palisade.audit;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;

/**
 * An export refused because as many exports as allowed are running (for this chain or in total):
 * answered 503 with {@code Retry-After: }{@value #RETRY_AFTER_SECONDS}. Nothing was recorded.
 */
public final class ExportsBusy extends PlatformException {
  private static final long serialVersionUID = 1L;

  /** Seconds a client should wait before trying again. */
  public static final int RETRY_AFTER_SECONDS = 5;

  ExportsBusy(String message) {
    super(ErrorCode.DEPENDENCY_UNAVAILABLE, message);
  }
}
