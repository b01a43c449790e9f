package dev.palisade.console.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.console.ConsoleConfig;
import io.micronaut.core.io.Writable;
import io.micronaut.http.HttpRequest;
import io.micronaut.views.ViewsRenderer;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders console pages ({@code @View("console")}) with React on GraalJS. The page is rendered to a
 * string before this returns, on the caller's thread (a blocking worker, never the event loop), so
 * that the Writable only copies bytes.
 */
@Singleton
public final class PageRenderer
    implements ViewsRenderer<ConsolePage, HttpRequest<?>>, AutoCloseable {
  public static final String VIEW = "console";

  /** The request attribute holding the CSP nonce of the response. */
  public static final String NONCE = "palisade.console.nonce";

  private static final Logger LOG = LoggerFactory.getLogger(PageRenderer.class);
  private static final Logger JS_LOG = LoggerFactory.getLogger("dev.palisade.console.js");
  private final ObjectMapper json = new ObjectMapper();
  private final ServerBundle bundle;
  private final RenderContexts contexts;

  PageRenderer(ConsoleConfig config) {
    this.bundle = ServerBundle.load(PageRenderer.class.getClassLoader());
    this.contexts = new RenderContexts(bundle, config, new LogStream(JS_LOG));
  }

  @Override
  public boolean exists(String viewName) {
    return VIEW.equals(viewName);
  }

  @Override
  public Writable render(String viewName, ConsolePage page, HttpRequest<?> request) {
    String nonce =
        request
            .getAttribute(NONCE, String.class)
            .orElseThrow(() -> new IllegalStateException("console request without a nonce"));
    String html = document(page, nonce);
    byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
    return new Writable() {
      @Override
      public void writeTo(java.io.Writer out) throws java.io.IOException {
        out.write(html);
      }

      @Override
      public void writeTo(OutputStream out, java.nio.charset.Charset charset)
          throws java.io.IOException {
        out.write(bytes);
      }
    };
  }

  /** The full HTML document of a page. */
  public String document(ConsolePage page, String nonce) {
    String props;
    try {
      props = json.writeValueAsString(page);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("page props are not serializable", e);
    }
    String markup = contexts.render(props);
    return HtmlDocument.of(page.title(), markup, props, nonce, bundle);
  }

  /** Creates every context of the pool and renders once in each; answers how long it took. */
  Duration warmUp(ConsolePage page) {
    long start = System.nanoTime();
    int created = contexts.fill();
    for (int i = 0; i < Math.max(created, 1) * 2; i++) {
      contexts.render(propsOf(page));
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    LOG.info("console: {} rendering context(s) ready in {} ms", contexts.size(), took.toMillis());
    return took;
  }

  private String propsOf(ConsolePage page) {
    try {
      return json.writeValueAsString(page);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  @PreDestroy
  public void close() {
    contexts.close();
  }
}
