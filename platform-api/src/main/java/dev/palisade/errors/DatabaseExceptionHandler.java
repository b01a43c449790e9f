package dev.palisade.errors;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.jdbi.v3.core.JdbiException;

/**
 * A database failure that no feature turned into a {@link PlatformException}: answered like one, as
 * {@code 503 dependency-unavailable} naming the SQLSTATE only.
 */
@Singleton
@Produces
@Requires(classes = {JdbiException.class, ExceptionHandler.class})
public final class DatabaseExceptionHandler
    implements ExceptionHandler<JdbiException, HttpResponse<?>> {
  private final PlatformExceptionHandler platform;

  DatabaseExceptionHandler(PlatformExceptionHandler platform) {
    this.platform = platform;
  }

  @Override
  public HttpResponse<?> handle(HttpRequest request, JdbiException exception) {
    return platform.handle(request, PlatformException.database("database error", exception));
  }
}
