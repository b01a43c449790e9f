package dev.palisade.console.render;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import io.micronaut.views.ViewsFilter;
import org.reactivestreams.Publisher;

/**
 * Console pages are rendered explicitly ({@code Pages.render} calls {@link PageRenderer}), never by
 * Micronaut Views' response filter, which would otherwise inspect every response the server sends,
 * probes included, for a view to render. This filter takes its place and only passes the request
 * on.
 */
@Replaces(ViewsFilter.class)
@Filter(Filter.MATCH_ALL_PATTERN)
final class ExplicitRendering implements HttpServerFilter {
  @Override
  public Publisher<MutableHttpResponse<?>> doFilter(
      HttpRequest<?> request, ServerFilterChain chain) {
    return chain.proceed(request);
  }
}
