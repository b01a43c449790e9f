package dev.palisade.console.render;

import dev.palisade.console.ConsoleConfig;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;

/**
 * A bounded pool of sandboxed JavaScript contexts on one shared engine, each with the server bundle
 * evaluated once. A context is used by one thread at a time: {@link #render} borrows one, calls the
 * bundle's {@code renderPage} with the props as a JSON string and gives it back.
 *
 * <p>The sandbox: the constrained policy, no host objects or classes (props cross as a string, the
 * markup comes back as a string), no file system, sockets, threads, processes, native code,
 * environment variables or other languages. Console output of the bundle goes to the log.
 */
final class RenderContexts implements AutoCloseable {
  private final Engine engine;
  private final ServerBundle bundle;
  private final int max;
  private final Duration wait;
  private final BlockingQueue<Pooled> idle;
  private final List<Pooled> all = new ArrayList<>();
  private final OutputStream log;

  private record Pooled(Context context, Value render) {}

  RenderContexts(ServerBundle bundle, ConsoleConfig config, OutputStream log) {
    this.bundle = bundle;
    this.max = config.renderContexts();
    this.wait = config.renderTimeout();
    this.idle = new ArrayBlockingQueue<>(max);
    this.log = log;
    this.engine =
        Engine.newBuilder("js")
            .sandbox(SandboxPolicy.CONSTRAINED)
            .out(log)
            .err(log)
            .option("engine.WarnInterpreterOnly", "false")
            .build();
  }

  /** Renders one page; throws {@link RenderException} when no context is free in time. */
  String render(String propsJson) {
    Pooled p = borrow();
    try {
      return p.render().execute(propsJson).asString();
    } finally {
      idle.add(p);
    }
  }

  /** Creates every context that does not exist yet (for the warm-up), one after the other. */
  int fill() {
    int created = 0;
    while (true) {
      Pooled p = createIfRoom();
      if (p == null) {
        return created;
      }
      idle.add(p);
      created++;
    }
  }

  int size() {
    synchronized (all) {
      return all.size();
    }
  }

  private Pooled borrow() {
    Pooled p = idle.poll();
    if (p != null) {
      return p;
    }
    p = createIfRoom();
    if (p != null) {
      return p;
    }
    try {
      p = idle.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RenderException("interrupted while waiting for a rendering context");
    }
    if (p == null) {
      throw new RenderException("no rendering context free within " + wait);
    }
    return p;
  }

  private Pooled createIfRoom() {
    synchronized (all) {
      if (all.size() >= max) {
        return null;
      }
      Pooled p = create();
      all.add(p);
      return p;
    }
  }

  private Pooled create() {
    Context context =
        Context.newBuilder("js")
            .engine(engine)
            .sandbox(SandboxPolicy.CONSTRAINED)
            .allowHostAccess(HostAccess.CONSTRAINED)
            .allowHostClassLookup(name -> false)
            .allowIO(IOAccess.NONE)
            .allowCreateThread(false)
            .allowCreateProcess(false)
            .allowNativeAccess(false)
            .allowEnvironmentAccess(EnvironmentAccess.NONE)
            .allowPolyglotAccess(PolyglotAccess.NONE)
            .out(log)
            .err(log)
            .build();
    context.eval(bundle.source());
    Value render = context.getBindings("js").getMember("renderPage");
    if (render == null || !render.canExecute()) {
      context.close();
      throw new IllegalStateException("the console server bundle defines no renderPage function");
    }
    return new Pooled(context, render);
  }

  @Override
  public void close() {
    synchronized (all) {
      for (Pooled p : all) {
        p.context().close(true);
      }
      all.clear();
    }
    engine.close(true);
  }
}
