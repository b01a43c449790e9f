package dev.palisade.console.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.graalvm.polyglot.Source;

/**
 * The bundles the npm build put on the classpath under {@code console/}: the server bundle's source
 * (parsed once, shared by every context of the engine) and the hashed names of the client bundle
 * and the stylesheet.
 */
public record ServerBundle(Source source, String clientScript, String stylesheet) {
  static final String ROOT = "console/";

  public static ServerBundle load(ClassLoader loader) {
    String js = read(loader, ROOT + "server.js");
    JsonNode manifest;
    try {
      manifest = new ObjectMapper().readTree(read(loader, ROOT + "manifest.json"));
    } catch (IOException e) {
      throw new UncheckedIOException("console manifest.json is not JSON", e);
    }
    Source source = Source.newBuilder("js", js, "console-server.js").cached(true).buildLiteral();
    return new ServerBundle(
        source, manifest.path("client").asText(), manifest.path("stylesheet").asText());
  }

  static String read(ClassLoader loader, String name) {
    try (InputStream in = loader.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            name + " is not on the classpath: console-web was built without its npm build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
