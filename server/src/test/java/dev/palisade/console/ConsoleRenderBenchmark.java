package dev.palisade.console;

import dev.palisade.console.render.ConsolePage;
import dev.palisade.console.render.PageRenderer;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPOutputStream;

/**
 * Figures of the console, printed for {@code bench/console.sh}: the first render after start with a
 * cold engine, the Audit Log page with 50 entries under 8 concurrent clients after warm-up (whole
 * request, and the React render alone), the heap the rendering engine and its contexts hold, and
 * the size of the client bundle. Runs a real server on the tests' PostgreSQL.
 */
public final class ConsoleRenderBenchmark {
  private ConsoleRenderBenchmark() {}

  public static void main(String[] args) throws Exception {
    int clients = 8;
    int perClient = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int contexts = Integer.getInteger("bench.contexts", 2);
    try (TestServer server =
        TestServer.start(
            Map.of(
                "palisade.console.warm-up", false, "palisade.console.render-contexts", contexts))) {
      String admin = server.installAdmin();
      server.createOrg(admin, "acme");
      Http http = server.http();
      for (int i = 0; i < 60; i++) {
        http.post(
            "/api/v1/orgs/acme/members",
            Http.json("email", "member" + i + "@example.com", "role", "member"),
            admin);
      }
      String page = "/console/orgs/acme/audit";
      long before = heap();
      long t0 = System.nanoTime();
      Http.Response first = http.sendAs("GET", "/console/sign-in", null, Map.of());
      long cold = (System.nanoTime() - t0) / 1_000_000;
      require(first.status() == 200, first.body());
      System.out.printf("first render after start (sign-in page, cold engine): %d ms%n", cold);
      long oneContext = heap();
      String cookie = signIn(http, server);
      t0 = System.nanoTime();
      require(get(http, page, cookie).body().contains("member.invited"), "no entries shown");
      System.out.printf(
          "first Audit Log page after that: %d ms%n", (System.nanoTime() - t0) / 1_000_000);

      List<Long> single = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        long s = System.nanoTime();
        get(http, page, cookie);
        if (i >= 100) {
          single.add(System.nanoTime() - s);
        }
      }
      System.out.printf(
          "audit page, 50 entries, one client after warm-up: p50 %.1f ms, p99 %.1f ms%n",
          pct(single, 50), pct(single, 99));
      List<Long> times = Collections.synchronizedList(new ArrayList<>());
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      long start = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perClient; i++) {
                    long s = System.nanoTime();
                    Http.Response r = get(http, page, cookie);
                    times.add(System.nanoTime() - s);
                    require(r.status() == 200, r.body());
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      pool.shutdown();
      System.out.printf(
          "audit page, 50 entries, %d clients x %d requests: p50 %.1f ms, p99 %.1f ms, %.0f pages/s%n",
          clients, perClient, pct(times, 50), pct(times, 99), times.size() / seconds);
      long twoContexts = heap();
      List<Long> api = Collections.synchronizedList(new ArrayList<>());
      ExecutorService direct = Executors.newFixedThreadPool(clients);
      List<Future<?>> calls = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        calls.add(
            direct.submit(
                () -> {
                  for (int i = 0; i < perClient; i++) {
                    long s = System.nanoTime();
                    require(http.get("/api/v1/orgs/acme", admin).status() == 200, "org");
                    require(http.get("/api/v1/me?org=acme", admin).status() == 200, "me");
                    require(http.get("/api/v1/orgs/acme/audit", admin).status() == 200, "audit");
                    api.add(System.nanoTime() - s);
                  }
                  return null;
                }));
      }
      for (Future<?> f : calls) {
        f.get();
      }
      direct.shutdown();
      System.out.printf(
          "the page's three API calls alone, same load: p50 %.1f ms, p99 %.1f ms%n",
          pct(api, 50), pct(api, 99));

      PageRenderer renderer = server.context().getBean(PageRenderer.class);
      ConsolePage props = propsOf(http, server, cookie, page);
      List<Long> render = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        long s = System.nanoTime();
        renderer.document(props, "bench");
        render.add(System.nanoTime() - s);
      }
      System.out.printf(
          "render alone (React on GraalJS, same props, one thread): p50 %.1f ms, p99 %.1f ms%n",
          pct(render, 50), pct(render, 99));
      List<Long> parallel = Collections.synchronizedList(new ArrayList<>());
      ExecutorService renders = Executors.newFixedThreadPool(clients);
      long rs = System.nanoTime();
      List<Future<?>> rf = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        rf.add(
            renders.submit(
                () -> {
                  for (int i = 0; i < perClient; i++) {
                    long s = System.nanoTime();
                    renderer.document(props, "bench");
                    parallel.add(System.nanoTime() - s);
                  }
                  return null;
                }));
      }
      for (Future<?> f : rf) {
        f.get();
      }
      renders.shutdown();
      System.out.printf(
          "render alone, %d threads: p50 %.1f ms, p99 %.1f ms, %.0f renders/s%n",
          clients,
          pct(parallel, 50),
          pct(parallel, 99),
          parallel.size() / ((System.nanoTime() - rs) / 1e9));
      System.out.printf(
          "heap held by the rendering engine: %d MB with 1 context, %d MB with 2 (whole server heap"
              + " before the first render: %d MB)%n",
          (oneContext - before) >> 20, (twoContexts - before) >> 20, before >> 20);
    }
    bundle();
  }

  private static ConsolePage propsOf(Http http, TestServer server, String cookie, String page) {
    String html = get(http, page, cookie).body();
    String json = html.substring(html.indexOf("id=\"console-props\""));
    json = json.substring(json.indexOf('>') + 1, json.indexOf("</script>"));
    try {
      return Http.JSON.readValue(json, ConsolePage.class);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void bundle() throws IOException {
    Path assets = Path.of("console-web/target/classes/console/assets");
    try (DirectoryStream<Path> files = Files.newDirectoryStream(assets)) {
      for (Path f : files) {
        byte[] raw = Files.readAllBytes(f);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
          out.write(raw);
        }
        System.out.printf(
            "%s: %d KB, %d KB gzipped%n", f.getFileName(), raw.length / 1024, gz.size() / 1024);
      }
    }
  }

  private static String signIn(Http http, TestServer server) {
    String base = "http://127.0.0.1:" + server.context().getBean(EmbeddedServer.class).getPort();
    Http.Response form = http.sendAs("GET", "/console/sign-in", null, Map.of());
    String csrf = cookie(form, "palisade_csrf");
    String body =
        "csrf="
            + csrf
            + "&email="
            + URLEncoder.encode(TestServer.ADMIN_EMAIL, StandardCharsets.UTF_8)
            + "&password="
            + URLEncoder.encode(TestServer.PASSWORD, StandardCharsets.UTF_8);
    Http.Response r =
        http.sendAs(
            "POST",
            "/console/sign-in",
            body,
            Map.of(
                "Content-Type",
                "application/x-www-form-urlencoded",
                "Origin",
                base,
                "Cookie",
                "palisade_csrf=" + csrf));
    require(r.status() == 303, r.body());
    return "palisade_session=" + cookie(r, "palisade_session");
  }

  private static String cookie(Http.Response r, String name) {
    return r.headers().entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase("set-cookie"))
        .flatMap(e -> e.getValue().stream())
        .filter(c -> c.startsWith(name + "="))
        .map(c -> c.substring(name.length() + 1, c.indexOf(';')))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no cookie " + name));
  }

  private static Http.Response get(Http http, String path, String cookie) {
    return http.sendAs("GET", path, null, Map.of("Cookie", cookie));
  }

  private static double pct(List<Long> nanos, int p) {
    List<Long> s = new ArrayList<>(nanos);
    Collections.sort(s);
    return s.get(Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1)) / 1e6;
  }

  private static long heap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static void require(boolean ok, String detail) {
    if (!ok) {
      throw new IllegalStateException(detail.length() > 500 ? detail.substring(0, 500) : detail);
    }
  }
}
