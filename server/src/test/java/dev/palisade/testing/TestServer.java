package dev.palisade.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.server.PalisadeServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A full Palisade server on a random loopback port, on its own {@link TestDatabase} and home
 * directory, with helpers for the common set-up steps.
 */
public final class TestServer implements AutoCloseable {
  public static final String ADMIN_EMAIL = "admin@example.com";
  public static final String PASSWORD = "correct horse battery staple";

  /**
   * Rate limits far above the defaults: test classes sign in and call the API from one address far
   * more often than people do. {@code RateLimitIT} removes these to run with the defaults.
   */
  public static final Map<String, Object> RAISED_LIMITS = raisedLimits();

  private final TestDatabase db;
  private final boolean ownsDb;
  private final Path home;
  private final TestClock clock = new TestClock();
  private final Object[] singletons;
  private ApplicationContext context;
  private Http http;

  private TestServer(
      TestDatabase db, boolean ownsDb, Path home, Map<String, Object> extra, Object... singletons) {
    this.db = db;
    this.ownsDb = ownsDb;
    this.home = home;
    this.singletons = singletons.clone();
    boot(extra);
  }

  public static TestServer start() {
    return start(Map.of());
  }

  public static TestServer start(Map<String, Object> extra) {
    return new TestServer(TestDatabase.create(), true, newHome(), extra);
  }

  /**
   * A server with {@code singletons} registered before start-up, in place of the beans of their
   * types that the server would make (as the test clock replaces the system clock).
   */
  public static TestServer start(Map<String, Object> extra, Object... singletons) {
    return new TestServer(TestDatabase.create(), true, newHome(), extra, singletons);
  }

  /** A server on an existing database and home, as after a restart. */
  public static TestServer restart(TestDatabase db, Path home, Map<String, Object> extra) {
    return new TestServer(db, false, home, extra);
  }

  private static Map<String, Object> raisedLimits() {
    Map<String, Object> m = new HashMap<>();
    for (String c : new String[] {"auth", "write", "read", "export", "verify"}) {
      m.put("palisade.ratelimit." + c + "-burst", 1_000_000);
      m.put("palisade.ratelimit." + c + "-per-minute", 1_000_000);
    }
    return Map.copyOf(m);
  }

  private static Path newHome() {
    try {
      return Files.createTempDirectory("palisade-home");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void boot(Map<String, Object> extra) {
    Map<String, Object> props = new HashMap<>();
    props.put("micronaut.server.port", -1);
    props.put("micronaut.server.host", "127.0.0.1");
    props.put("palisade.home", home.toString());
    props.put("palisade.database.url", db.url());
    props.put("palisade.database.tenant-prefix", db.tenantPrefix());
    props.put("palisade.database.tenant-connection-cap", 20);
    props.put("palisade.shutdown.grace-period", "2s");
    props.put("palisade.scheduler.enabled", false);
    props.putAll(PalisadeServer.defaults(Map.of()));
    props.putAll(RAISED_LIMITS);
    props.putAll(extra);
    props.values().removeIf(v -> v == null);
    Object[] beans = new Object[singletons.length + 1];
    beans[0] = clock;
    System.arraycopy(singletons, 0, beans, 1, singletons.length);
    context = ApplicationContext.builder().properties(props).singletons(beans).start();
    EmbeddedServer server = context.getBean(EmbeddedServer.class);
    server.start();
    http = new Http("http://127.0.0.1:" + server.getPort());
  }

  public Http http() {
    return http;
  }

  /** The server's clock: move it forward instead of waiting for time to pass. */
  public TestClock clock() {
    return clock;
  }

  public ApplicationContext context() {
    return context;
  }

  public TestDatabase db() {
    return db;
  }

  public Path home() {
    return home;
  }

  public String setupToken() {
    try {
      return Files.readString(home.resolve("setup-token")).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Completes setup and returns an install admin token. */
  public String installAdmin() {
    Http.Response r =
        http.post(
            "/api/v1/setup",
            Http.json("setupToken", setupToken(), "email", ADMIN_EMAIL, "password", PASSWORD),
            null);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return login(ADMIN_EMAIL, PASSWORD, null);
  }

  public String login(String email, String password, String org) {
    Http.Response r =
        http.post(
            "/api/v1/auth/login",
            Http.json("email", email, "password", password, "org", org),
            null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("accessToken").asText();
  }

  /** Creates the organization {@code slug} and returns its id. */
  public String createOrg(String adminToken, String slug) {
    Http.Response r =
        http.post("/api/v1/orgs", Http.json("slug", slug, "name", "Org " + slug), adminToken);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("id").asText();
  }

  /** Invites {@code email} with {@code role} into {@code slug}, accepts, and signs in. */
  public String member(String adminToken, String slug, String email, String role) {
    Http.Response invite =
        http.post(
            "/api/v1/orgs/" + slug + "/members",
            Http.json("email", email, "role", role),
            adminToken);
    assertThat(invite.status()).as(invite.body()).isEqualTo(201);
    String token = invite.json().get("token").asText();
    Http.Response accept =
        http.post(
            "/api/v1/invitations/accept", Http.json("token", token, "password", PASSWORD), null);
    assertThat(accept.status()).as(accept.body()).isEqualTo(201);
    return login(email, PASSWORD, slug);
  }

  /** Stops the server but keeps database and home, for restart tests. */
  public void stop() {
    if (context != null && context.isRunning()) {
      context.close();
    }
  }

  @Override
  public void close() throws java.sql.SQLException {
    stop();
    if (ownsDb) {
      db.close();
    }
  }
}
