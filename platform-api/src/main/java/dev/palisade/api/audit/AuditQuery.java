package dev.palisade.api.audit;

import dev.palisade.audit.AuditFilter;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.QueryValue;

/**
 * The query parameters of an audit log listing or export, bound as one bean; {@link #filter}
 * validates them (422 naming the parameter).
 */
@Introspected
public record AuditQuery(
    @Nullable @QueryValue String actor,
    @Nullable @QueryValue String action,
    @Nullable @QueryValue String subjectType,
    @Nullable @QueryValue String subjectId,
    @Nullable @QueryValue String from,
    @Nullable @QueryValue String to,
    @Nullable @QueryValue String q,
    @Nullable @QueryValue String sort) {

  AuditFilter filter() {
    return filter(sort);
  }

  /** The filter, sorted by {@code sortOrDefault} when no sort was given. */
  AuditFilter filter(String sortOrDefault) {
    return AuditFilter.parse(
        actor, action, subjectType, subjectId, from, to, q, sort == null ? sortOrDefault : sort);
  }
}
