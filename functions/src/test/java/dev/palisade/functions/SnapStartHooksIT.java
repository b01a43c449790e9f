package dev.palisade.functions;

import static dev.palisade.functions.FunctionFixture.event;
import static dev.palisade.functions.FunctionFixture.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.crac.OrderedResource;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The SnapStart hooks on a real PostgreSQL: before the snapshot the function holds no connection to
 * the install database or to an organization's, after the restore it answers again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnapStartHooksIT {
  private FunctionFixture fixture;
  private ApiFunction function;

  @BeforeAll
  void start() {
    fixture = new FunctionFixture(Map.of());
    function = new ApiFunction(fixture.context());
  }

  @AfterAll
  void stop() throws Exception {
    fixture.close();
  }

  private long connections(String where) throws Exception {
    return fixture.db().countIn("postgres", "select count(*) from pg_stat_activity where " + where);
  }

  private long installConnections() throws Exception {
    return connections("datname = '" + fixture.db().name() + "'");
  }

  private long tenantConnections() throws Exception {
    return connections(
        "left(datname, "
            + fixture.db().tenantPrefix().length()
            + ") = '"
            + fixture.db().tenantPrefix()
            + "'");
  }

  /** Polls {@code count} until it is zero or {@code within} has passed; returns the last value. */
  private static long untilZero(Counter count, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    long n = count.get();
    while (n > 0 && System.nanoTime() < deadline) {
      Thread.sleep(100);
      n = count.get();
    }
    return n;
  }

  private interface Counter {
    long get() throws Exception;
  }

  @Test
  void closesEveryDatabaseConnectionBeforeTheSnapshotAndReconnectsAfterTheRestore()
      throws Exception {
    String admin = fixture.completeSetup(function);
    invoke(function, event("create-org.json", Map.of("token", admin, "slug", "snap")));
    JsonNode audit =
        invoke(function, event("org-audit-query.json", Map.of("token", admin, "slug", "snap")));
    assertThat(audit.get("statusCode").asInt()).as(audit.toString()).isEqualTo(200);
    assertThat(installConnections()).isPositive();
    assertThat(tenantConnections()).isPositive();
    SnapStartHooks hooks = fixture.context().getBean(SnapStartHooks.class);
    assertThat(fixture.context().getBeansOfType(OrderedResource.class)).contains(hooks);

    hooks.beforeCheckpoint(null);

    assertThat(untilZero(this::installConnections, Duration.ofSeconds(10))).isZero();
    assertThat(untilZero(this::tenantConnections, Duration.ofSeconds(10))).isZero();

    hooks.afterRestore(null);

    assertThat(invoke(function, FunctionFixture.signIn()).get("statusCode").asInt()).isEqualTo(200);
    assertThat(installConnections()).isPositive();
  }
}
