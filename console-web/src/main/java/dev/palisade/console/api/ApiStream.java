package dev.palisade.console.api;

import static java.util.Objects.requireNonNull;

import io.micronaut.core.annotation.Nullable;
import java.io.InputStream;

/**
 * An API answer whose body is read as it arrives (an audit export), so that relaying it does not
 * hold it in memory. The receiver must close {@code body}.
 */
public record ApiStream(
    int status,
    String contentType,
    @Nullable String contentDisposition,
    @Nullable String requestId,
    InputStream body) {
  public ApiStream {
    requireNonNull(contentType, "contentType is null");
    requireNonNull(body, "body is null");
  }
}
