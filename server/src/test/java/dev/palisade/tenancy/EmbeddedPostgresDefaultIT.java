package dev.palisade.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.server.PalisadeServer;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With no database URL the server runs on an embedded PostgreSQL 15 under PALISADE_HOME. */
class EmbeddedPostgresDefaultIT {
  private static ApplicationContext boot(Path home) {
    Map<String, Object> props = new HashMap<>(PalisadeServer.defaults(Map.of()));
    props.put("micronaut.server.port", -1);
    props.put("palisade.home", home.toString());
    props.put("palisade.shutdown.grace-period", "2s");
    return ApplicationContext.run(EmbeddedServer.class, props).getApplicationContext();
  }

  private static Http http(ApplicationContext ctx) {
    return new Http("http://127.0.0.1:" + ctx.getBean(EmbeddedServer.class).getPort());
  }

  @Test
  void runsOnEmbeddedPostgres15AndKeepsItsDataAcrossRestarts() throws Exception {
    Path home = Files.createTempDirectory("palisade-embedded");
    try (ApplicationContext ctx = boot(home)) {
      assertThat(ctx.getBean(DatabaseServer.class).describe()).startsWith("embedded PostgreSQL");
      int version =
          ctx.getBean(InstallDatabase.class)
              .jdbi()
              .withHandle(h -> h.createQuery("show server_version_num").mapTo(Integer.class).one());
      assertThat(version).isBetween(150000, 159999);
      assertThat(Files.isDirectory(home.resolve("postgres"))).isTrue();
      Http http = http(ctx);
      String token = Files.readString(home.resolve("setup-token")).trim();
      assertThat(
              http.post(
                      "/api/v1/setup",
                      Http.json(
                          "setupToken",
                          token,
                          "email",
                          "e@example.com",
                          "password",
                          TestServer.PASSWORD),
                      null)
                  .status())
          .isEqualTo(201);
      String admin =
          http.post(
                  "/api/v1/auth/login",
                  Http.json("email", "e@example.com", "password", TestServer.PASSWORD),
                  null)
              .json()
              .get("accessToken")
              .asText();
      assertThat(
              http.post("/api/v1/orgs", Http.json("slug", "embedded", "name", "E"), admin).status())
          .isEqualTo(201);
    }
    try (ApplicationContext ctx = boot(home)) {
      Http http = http(ctx);
      assertThat(Files.exists(home.resolve("setup-token"))).isFalse();
      String admin =
          http.post(
                  "/api/v1/auth/login",
                  Http.json("email", "e@example.com", "password", TestServer.PASSWORD),
                  null)
              .json()
              .get("accessToken")
              .asText();
      assertThat(http.get("/api/v1/orgs/embedded", admin).status()).isEqualTo(200);
      assertThat(http.get("/api/v1/orgs/embedded/members", admin).status()).isEqualTo(200);
    }
  }
}
