package dev.palisade.api.events;

import dev.palisade.events.EventFilter;
import dev.palisade.events.Filters;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.QueryValue;

/**
 * The query parameters of a security event listing, bound as one bean; {@link #filter} validates
 * them (422 naming the parameter).
 */
@Introspected
public record EventQuery(
    @Nullable @QueryValue String type,
    @Nullable @QueryValue String severity,
    @Nullable @QueryValue String from,
    @Nullable @QueryValue String to) {

  EventFilter filter(Filters.OrgScope org) {
    return EventFilter.parse(type, org, severity, from, to);
  }
}
