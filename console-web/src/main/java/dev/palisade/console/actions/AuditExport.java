package dev.palisade.console.actions;

import dev.palisade.console.ConsoleProblem;
import dev.palisade.console.Ids;
import dev.palisade.console.api.ApiCall;
import dev.palisade.console.api.ApiClient;
import dev.palisade.console.api.ApiStream;
import dev.palisade.console.session.Csrf;
import dev.palisade.console.session.Transport;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Export of exactly the Audit Log's current filter: a form post (the browser downloads the answer)
 * carrying the filters, the format and the CSRF token. The API's file is streamed through as it is
 * produced, with its name.
 */
@Controller("/console/orgs/{slug}/audit/export")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
final class AuditExport {
  static final String[] FILTERS = {
    "actor", "action", "subjectType", "subjectId", "q", "from", "to", "sort"
  };
  private static final Set<String> FORMATS = Set.of("csv", "ndjson");
  private final Relay relay;
  private final ApiClient api;

  AuditExport(Relay relay, ApiClient api) {
    this.relay = relay;
    this.api = api;
  }

  @Post
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  MutableHttpResponse<?> export(
      HttpRequest<?> request, @PathVariable String slug, @Body Map<String, String> form) {
    Relay.Checked c = relay.check(request, form.get(Csrf.FIELD));
    if (c.refusal() != null) {
      return c.refusal().response();
    }
    String id = Transport.requestId(request);
    if (!Ids.slug(slug)) {
      return ConsoleProblem.invalidField("slug", "is not an organization slug", id).response();
    }
    String format = form.getOrDefault("format", "csv");
    if (!FORMATS.contains(format)) {
      return ConsoleProblem.invalidField("format", "must be csv or ndjson", id).response();
    }
    Map<String, String> query = new LinkedHashMap<>();
    query.put("format", format);
    for (String f : FILTERS) {
      String v = form.get(f);
      if (v != null && !v.isEmpty()) {
        query.put(f, v);
      }
    }
    if (!query.containsKey("sort")) {
      query.put("sort", "newest");
    }
    ApiStream s =
        api.stream(
            new ApiCall(
                "GET",
                "/api/v1/orgs/" + slug + "/audit/export",
                query,
                null,
                c.session().token(),
                id));
    if (s.status() != 200) {
      return HttpResponse.<byte[]>status(HttpStatus.valueOf(s.status()))
          .contentType(MediaType.of(s.contentType()))
          .body(readAll(s.body()));
    }
    MutableHttpResponse<StreamedFile> r =
        HttpResponse.ok(new StreamedFile(s.body(), MediaType.of(s.contentType())));
    if (s.contentDisposition() != null) {
      r.header("Content-Disposition", s.contentDisposition());
    }
    return r;
  }

  private static byte[] readAll(InputStream in) {
    try (in) {
      return in.readNBytes(Relay.MAX_BODY);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
