package dev.palisade.console.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.console.ConsoleConfig;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import org.graalvm.polyglot.Source;
import org.junit.jupiter.api.Test;

/** What a server bundle can reach from inside a rendering context: nothing of the host. */
class RenderSandboxTest {
  private static final ConsoleConfig CONFIG =
      new ConsoleConfig(1, Duration.ofSeconds(5), Duration.ofSeconds(5), List.of(), false);

  private static String probe(String expression) {
    String js =
        "globalThis.renderPage = function (json) { try { return String("
            + expression
            + "); } catch (e) { return 'refused: ' + e; } };";
    ServerBundle bundle =
        new ServerBundle(Source.newBuilder("js", js, "probe.js").buildLiteral(), "c.js", "s.css");
    try (RenderContexts contexts =
        new RenderContexts(bundle, CONFIG, new ByteArrayOutputStream())) {
      return contexts.render("{}");
    }
  }

  @Test
  void theBundleCannotLookUpHostClasses() {
    assertThat(probe("typeof Java === 'undefined' ? 'no Java' : Java.type('java.lang.System')"))
        .satisfiesAnyOf(
            r -> assertThat(r).isEqualTo("no Java"), r -> assertThat(r).startsWith("refused"));
  }

  @Test
  void theBundleHasNoModuleLoaderProcessOrOtherLanguages() {
    assertThat(probe("typeof require + ' ' + typeof process + ' ' + typeof Polyglot"))
        .isEqualTo("undefined undefined undefined");
  }

  @Test
  void theBundleCannotLoadFiles() {
    assertThat(probe("typeof load === 'function' ? load('/etc/hostname') : 'no load'"))
        .satisfiesAnyOf(
            r -> assertThat(r).isEqualTo("no load"), r -> assertThat(r).startsWith("refused"));
  }

  @Test
  void propsArriveAsTheStringGivenAndMarkupReturnsAsAString() {
    String js = "globalThis.renderPage = function (json) { return JSON.parse(json).a + '!'; };";
    ServerBundle bundle =
        new ServerBundle(Source.newBuilder("js", js, "echo.js").buildLiteral(), "c.js", "s.css");
    try (RenderContexts contexts =
        new RenderContexts(bundle, CONFIG, new ByteArrayOutputStream())) {
      assertThat(contexts.render("{\"a\":\"<b>\"}")).isEqualTo("<b>!");
    }
  }
}
