package dev.palisade.errors;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/** Routes {@link PlatformException} through the problem+json processor. */
@Singleton
@Produces
@Requires(classes = {PlatformException.class, ExceptionHandler.class})
public final class PlatformExceptionHandler
    implements ExceptionHandler<PlatformException, HttpResponse<?>> {
  private final ErrorResponseProcessor<?> processor;

  public PlatformExceptionHandler(ErrorResponseProcessor<?> processor) {
    this.processor = processor;
  }

  @Override
  public HttpResponse<?> handle(HttpRequest request, PlatformException exception) {
    MutableHttpResponse<?> base =
        HttpResponse.status(io.micronaut.http.HttpStatus.valueOf(exception.errorCode().status()));
    exception
        .retryAfterSeconds()
        .ifPresent(s -> base.header(HttpHeaders.RETRY_AFTER, s.toString()));
    return processor.processResponse(ErrorContext.builder(request).cause(exception).build(), base);
  }
}
