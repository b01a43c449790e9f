package dev.palisade.console.render;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one page is rendered from, on the server and again, as the same JSON, in the browser.
 *
 * @param page which page component renders it
 * @param title the document title
 * @param path the page's path without query
 * @param query the query parameters the page was asked with
 * @param session who is signed in (kind, organization, role), null on the sign-in page
 * @param csrf the token state-changing requests from this page must carry
 * @param data the page's data as the platform API answered it; null when it could not be read
 * @param problem the API's problem document when a call failed
 * @param now the time of rendering (RFC 3339), for links to relative ranges made absolute
 */
public record ConsolePage(
    String page,
    String title,
    String path,
    Map<String, String> query,
    @Nullable Map<String, Object> session,
    String csrf,
    @Nullable JsonNode data,
    @Nullable JsonNode problem,
    String now) {
  public ConsolePage {
    requireNonNull(page, "page is null");
    requireNonNull(title, "title is null");
    requireNonNull(path, "path is null");
    requireNonNull(csrf, "csrf is null");
    requireNonNull(now, "now is null");
    query = new TreeMap<>(query);
  }
}
