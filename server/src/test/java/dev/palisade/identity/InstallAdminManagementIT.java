package dev.palisade.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.testing.AtOnce;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Inviting, listing, deactivating and reactivating install admins; one always stays active. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InstallAdminManagementIT {
  private TestServer server;
  private Http http;
  private String admin;

  @BeforeAll
  void start() {
    server = TestServer.start();
    http = server.http();
    admin = server.installAdmin();
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  /** Invites and accepts {@code email}; returns the new admin's id. */
  private String addAdmin(String email) {
    Http.Response invite = http.post("/api/v1/install/admins", Http.json("email", email), admin);
    assertThat(invite.status()).as(invite.body()).isEqualTo(201);
    assertThat(invite.json().get("token").asText()).startsWith("adm_");
    assertThat(invite.json().get("expiresAt").asText()).isNotBlank();
    Http.Response accepted =
        http.post(
            "/api/v1/install/admins/invitations/accept",
            Http.json(
                "token", invite.json().get("token").asText(), "password", TestServer.PASSWORD),
            null);
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
    assertThat(accepted.json().get("status").asText()).isEqualTo("active");
    return accepted.json().get("id").asText();
  }

  private Http.Response setStatus(String id, String verb, String token) {
    return http.post(
        "/api/v1/install/admins/" + id + "/" + verb, Http.json("reason", "rotation"), token);
  }

  private String firstAdminId() {
    return server.context().getBean(InstallAdmins.class).list(null, 200).stream()
        .filter(a -> a.email().equals(TestServer.ADMIN_EMAIL))
        .findFirst()
        .orElseThrow()
        .id()
        .toString();
  }

  @Test
  void anInvitedAdminJoinsIsListedAndIsRefusedAtOnceWhenDeactivated() throws Exception {
    String id = addAdmin("second@example.com");
    String token = server.login("second@example.com", TestServer.PASSWORD, null);
    assertThat(http.get("/api/v1/orgs", token).status()).isEqualTo(200);
    List<String> emails = new ArrayList<>();
    String cursor = "";
    do {
      JsonNode page = http.get("/api/v1/install/admins?limit=1&cursor=" + cursor, admin).json();
      page.get("items").forEach(a -> emails.add(a.get("email").asText()));
      assertThat(page.get("items").get(0).has("createdAt")).isTrue();
      assertThat(page.get("items").get(0).has("passwordHash")).isFalse();
      cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
    } while (cursor != null);
    assertThat(emails).contains(TestServer.ADMIN_EMAIL, "second@example.com");
    Http.Response off = setStatus(id, "deactivate", admin);
    assertThat(off.status()).as(off.body()).isEqualTo(200);
    assertThat(off.json().get("status").asText()).isEqualTo("deactivated");
    assertThat(http.get("/api/v1/orgs", token).status()).as("the admin's token").isEqualTo(401);
    assertThat(
            http.post(
                    "/api/v1/auth/login",
                    Http.json("email", "second@example.com", "password", TestServer.PASSWORD),
                    null)
                .status())
        .isEqualTo(401);
    assertThat(setStatus(id, "reactivate", admin).json().get("status").asText())
        .isEqualTo("active");
    assertThat(http.get("/api/v1/orgs", token).status())
        .as("the old token after a reactivation")
        .isEqualTo(401);
    assertThat(server.login("second@example.com", TestServer.PASSWORD, null)).isNotBlank();
    for (String action :
        new String[] {
          "install_admin.invited",
          "install_admin.joined",
          "install_admin.deactivated",
          "install_admin.reactivated"
        }) {
      assertThat(
              server
                  .db()
                  .count(
                      "select count(*) from audit_entries where action = '"
                          + action
                          + "' and (subject_id = '"
                          + id
                          + "' or action = 'install_admin.invited')"))
          .as(action)
          .isPositive();
    }
  }

  private long active(String condition) throws Exception {
    return server
        .db()
        .count("select count(*) from install_admins where status = 'active'" + condition);
  }

  @Test
  void twoAdminsDeactivatingEachOtherAtOnceLeaveOneActive() throws Exception {
    String first = firstAdminId();
    for (int round = 0; round < 5; round++) {
      for (var a : server.context().getBean(InstallAdmins.class).list(null, 200)) {
        if (a.status().equals("active") && !a.id().toString().equals(first)) {
          assertThat(setStatus(a.id().toString(), "deactivate", admin).status()).isEqualTo(200);
        }
      }
      String email = "race" + round + "@example.com";
      String other = addAdmin(email);
      String otherToken = server.login(email, TestServer.PASSWORD, null);
      List<Integer> answers =
          AtOnce.run(
              2,
              i ->
                  i == 0
                      ? setStatus(other, "deactivate", admin).status()
                      : setStatus(first, "deactivate", otherToken).status());
      assertThat(answers).as("round " + round).containsOnlyOnce(200);
      assertThat(active("")).as("round " + round + " " + answers).isEqualTo(1);
      if (active(" and id = '" + first + "'") == 0) {
        assertThat(setStatus(first, "reactivate", otherToken).status()).isEqualTo(200);
        admin = server.login(TestServer.ADMIN_EMAIL, TestServer.PASSWORD, null);
      }
    }
    for (var a : server.context().getBean(InstallAdmins.class).list(null, 200)) {
      if (a.status().equals("active") && !a.id().toString().equals(first)) {
        setStatus(a.id().toString(), "deactivate", admin);
      }
    }
    Http.Response last = setStatus(first, "deactivate", admin);
    assertThat(last.status()).as(last.body()).isEqualTo(409);
    assertThat(last.json().get("detail").asText()).contains("last active install admin");
  }

  @Test
  void aReasonIsRequiredAndMembersMayNotManageAdmins() throws Exception {
    String id = firstAdminId();
    Http.Response none = http.post("/api/v1/install/admins/" + id + "/deactivate", "{}", admin);
    assertThat(none.status()).isEqualTo(422);
    assertThat(none.json().get("field").asText()).isEqualTo("reason");
    server.createOrg(admin, "plain");
    String member = server.member(admin, "plain", "pat@example.com", "admin");
    assertThat(http.get("/api/v1/install/admins", member).status()).isEqualTo(403);
    assertThat(
            http.post("/api/v1/install/admins", Http.json("email", "x@example.com"), member)
                .status())
        .isEqualTo(403);
    assertThat(setStatus(id, "deactivate", member).status()).isEqualTo(403);
  }

  @Test
  void anInvitationIsAcceptedOnceAndAnExistingAdminCannotBeInvited() {
    Http.Response taken =
        http.post("/api/v1/install/admins", Http.json("email", TestServer.ADMIN_EMAIL), admin);
    assertThat(taken.status()).isEqualTo(409);
    Http.Response invite =
        http.post("/api/v1/install/admins", Http.json("email", "once@example.com"), admin);
    String token = invite.json().get("token").asText();
    String body = Http.json("token", token, "password", TestServer.PASSWORD);
    assertThat(http.post("/api/v1/install/admins/invitations/accept", body, null).status())
        .isEqualTo(201);
    Http.Response again = http.post("/api/v1/install/admins/invitations/accept", body, null);
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.json().get("code").asText()).isEqualTo("invalid-invitation");
  }
}
