package dev.palisade.console.pages;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The client bundle and the stylesheet, by their content-hashed names, cached for a year. Only
 * names of that shape are looked up, under {@code console/assets/} of the classpath; only files
 * found there are kept in memory.
 */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
final class Assets {
  private static final Pattern NAME = Pattern.compile("[a-z]+-[0-9a-f]{12}\\.(js|css)");
  private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

  @Get("/")
  MutableHttpResponse<?> root() {
    return HttpResponse.seeOther(URI.create("/console"));
  }

  @Get("/console/assets/{name}")
  MutableHttpResponse<?> asset(@PathVariable String name) {
    if (!NAME.matcher(name).matches()) {
      return HttpResponse.notFound();
    }
    byte[] bytes = cache.get(name);
    if (bytes == null) {
      bytes = load(name);
      if (bytes == null) {
        return HttpResponse.notFound();
      }
      cache.put(name, bytes);
    }
    MediaType type =
        name.endsWith(".js")
            ? MediaType.of("text/javascript;charset=utf-8")
            : MediaType.of("text/css;charset=utf-8");
    return HttpResponse.ok(bytes)
        .contentType(type)
        .header("Cache-Control", "public, max-age=31536000, immutable");
  }

  private static byte[] load(String name) {
    try (InputStream in =
        Assets.class.getClassLoader().getResourceAsStream("console/assets/" + name)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
