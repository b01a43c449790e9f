package dev.palisade.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.testing.Http;
import dev.palisade.testing.ServerProcess;
import dev.palisade.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Several servers on one PostgreSQL, the documented way past one machine: appends from both to one
 * chain queue on the chain head's row lock and every change is answered 200 and recorded once.
 */
class TwoInstancesOnOneChainIT {
  private static final int CLIENTS = 16;
  private static final int CHANGES = 200;

  @Test
  void roleChangesSentToTwoInstancesAreAllAnsweredAndRecordedOnce() throws Exception {
    try (TestServer a = TestServer.start()) {
      String admin = a.installAdmin();
      a.createOrg(admin, "shared");
      String owner = a.member(admin, "shared", "owner@example.com", "admin");
      List<String> members = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        a.member(owner, "shared", "m" + i + "@example.com", "member");
      }
      for (JsonNode m :
          a.http().get("/api/v1/orgs/shared/members?limit=200", owner).json().get("items")) {
        if (m.get("email").asText().startsWith("m")) {
          members.add(m.get("id").asText());
        }
      }
      try (ServerProcess b = ServerProcess.start(a.db(), a.home(), Map.of())) {
        Http[] instances = {a.http(), b.http()};
        String ownerOnB = loginOn(instances[1]);
        String[] tokens = {owner, ownerOnB};
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger sent = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
          String member = members.get(c);
          done.add(
              clients.submit(
                  () -> {
                    int n;
                    while ((n = sent.getAndIncrement()) < CHANGES) {
                      int which = n % 2;
                      Http.Response r =
                          instances[which].patch(
                              "/api/v1/orgs/shared/members/" + member,
                              Http.json(
                                  "role",
                                  n % 4 < 2 ? "auditor" : "member",
                                  "reason",
                                  "change " + n),
                              tokens[which]);
                      statuses
                          .computeIfAbsent(r.status(), s -> new AtomicInteger())
                          .incrementAndGet();
                    }
                  }));
        }
        for (Future<?> f : done) {
          f.get();
        }
        clients.shutdown();
        assertThat(statuses.keySet()).containsExactly(200);
        assertThat(statuses.get(200).get()).isEqualTo(CHANGES);
        long recorded =
            a.db()
                .countIn(
                    a.db().tenantDatabases().stream()
                        .filter(d -> d.endsWith("shared"))
                        .findFirst()
                        .orElseThrow(),
                    "select count(*) from audit_entries where action = 'role.changed'");
        assertThat(recorded).isEqualTo(CHANGES);
        JsonNode v = a.http().post("/api/v1/orgs/shared/audit/verify", null, owner).json();
        assertThat(v.get("status").asText()).as(v.toString()).isEqualTo("intact");
      }
    }
  }

  private static String loginOn(Http http) {
    Http.Response r =
        http.post(
            "/api/v1/auth/login",
            Http.json(
                "email", "owner@example.com", "password", TestServer.PASSWORD, "org", "shared"),
            null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("accessToken").asText();
  }
}
