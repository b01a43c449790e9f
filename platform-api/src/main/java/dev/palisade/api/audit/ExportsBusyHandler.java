package dev.palisade.api.audit;

import dev.palisade.audit.ExportsBusy;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/** Answers a refused export with 503, problem+json and {@code Retry-After}. */
@Singleton
@Produces
final class ExportsBusyHandler implements ExceptionHandler<ExportsBusy, HttpResponse<?>> {
  private final ErrorResponseProcessor<?> processor;

  ExportsBusyHandler(ErrorResponseProcessor<?> processor) {
    this.processor = processor;
  }

  @Override
  public HttpResponse<?> handle(HttpRequest request, ExportsBusy exception) {
    return processor.processResponse(
        ErrorContext.builder(request).cause(exception).build(),
        HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
            .header(HttpHeaders.RETRY_AFTER, Integer.toString(ExportsBusy.RETRY_AFTER_SECONDS)));
  }
}
