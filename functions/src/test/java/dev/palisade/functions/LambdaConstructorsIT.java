package dev.palisade.functions;

import static dev.palisade.functions.FunctionFixture.event;
import static dev.palisade.functions.FunctionFixture.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.jobs.JobScheduler;
import dev.palisade.testing.TestDatabase;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The constructors Lambda's runtime calls: each function builds its own context from the
 * configuration it finds (system properties here, environment variables in Lambda), with no
 * scheduler even when the configuration asks for one.
 */
class LambdaConstructorsIT {
  @Test
  void bothFunctionsStartFromTheirOwnConfigurationWithoutAScheduler() throws Exception {
    try (TestDatabase db = TestDatabase.create()) {
      Map<String, String> props =
          Map.of(
              "palisade.home", Files.createTempDirectory("palisade-lambda").toString(),
              "palisade.database.url", db.url(),
              "palisade.database.tenant-prefix", db.tenantPrefix(),
              "palisade.scheduler.enabled", "true",
              "palisade.jobs.key-provider-verification.enabled", "false");
      props.forEach(System::setProperty);
      try (JobFunction jobs = new JobFunction();
          ApiFunction api = new ApiFunction()) {
        assertThat(jobs.getApplicationContext().findBean(JobScheduler.class)).isEmpty();
        assertThat(api.getApplicationContext().findBean(JobScheduler.class)).isEmpty();

        JsonNode run =
            invoke(jobs, event("scheduler-job.json", Map.of("job", "audit-chain-verification")));
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("success");
        JsonNode live = invoke(api, event("health-live.json", Map.of()));
        assertThat(live.get("statusCode").asInt()).isEqualTo(200);
      } finally {
        props.keySet().forEach(System::clearProperty);
      }
    }
  }
}
