package dev.palisade.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FirstRunSetupIT {
  private TestServer server;
  private Http http;

  @BeforeAll
  void start() {
    server = TestServer.start();
    http = server.http();
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  @Test
  @Order(1)
  void writesTheSetupTokenOwnerOnlyAndStoresOnlyItsHash() throws Exception {
    var file = server.home().resolve("setup-token");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    String token = server.setupToken();
    assertThat(token).hasSizeGreaterThan(20);
    try (var c = server.db().connect();
        var rs = c.createStatement().executeQuery("select setup_token_hash from install_state")) {
      rs.next();
      assertThat(rs.getBytes(1)).isEqualTo(dev.palisade.crypto.Hashes.sha256(token));
    }
    assertThat(http.get("/api/v1/setup", null).json().get("complete").asBoolean()).isFalse();
  }

  @Test
  @Order(2)
  void refusesAWrongTokenAndWritesNothing() throws Exception {
    Http.Response r =
        http.post(
            "/api/v1/setup",
            Http.json(
                "setupToken", "wrong", "email", "a@example.com", "password", TestServer.PASSWORD),
            null);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.json().get("code").asText()).isEqualTo("invalid-setup-token");
    assertThat(server.db().count("select count(*) from install_admins")).isZero();
  }

  @Test
  @Order(3)
  void rejectsAShortPasswordNamingTheField() throws Exception {
    Http.Response r =
        http.post(
            "/api/v1/setup",
            Http.json(
                "setupToken", server.setupToken(), "email", "a@example.com", "password", "short"),
            null);
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("field").asText()).isEqualTo("password");
    assertThat(server.db().count("select count(*) from install_admins")).isZero();
  }

  @Test
  @Order(4)
  void createsTheFirstAdminAndBurnsTheToken() throws Exception {
    String token = server.setupToken();
    Http.Response r =
        http.post(
            "/api/v1/setup",
            Http.json(
                "setupToken", token, "email", "root@example.com", "password", TestServer.PASSWORD),
            null);
    assertThat(r.status()).isEqualTo(201);
    assertThat(Files.exists(server.home().resolve("setup-token"))).isFalse();
    Http.Response again =
        http.post(
            "/api/v1/setup",
            Http.json(
                "setupToken", token, "email", "x@example.com", "password", TestServer.PASSWORD),
            null);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().get("code").asText()).isEqualTo("setup-complete");
    assertThat(server.db().count("select count(*) from install_admins")).isEqualTo(1);
    assertThat(
            server.db().count("select count(*) from install_state where setup_token_hash is null"))
        .isEqualTo(1);
    assertThat(server.login("root@example.com", TestServer.PASSWORD, null)).isNotBlank();
  }

  @Test
  @Order(5)
  void storesThePasswordAsArgon2idOnly() throws Exception {
    try (var c = server.db().connect();
        var rs = c.createStatement().executeQuery("select password_hash from install_admins")) {
      rs.next();
      assertThat(rs.getString(1)).startsWith("$argon2id$v=19$").doesNotContain(TestServer.PASSWORD);
    }
  }
}
