package dev.palisade.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schedules file lists every job with its expression, and drift from the registry shows. */
class JobSchedulesFileTest {
  private static Job job(String name, Duration cadence) {
    return new Job() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String description() {
        return "a job for the test";
      }

      @Override
      public Duration defaultCadence() {
        return cadence;
      }

      @Override
      public JobResult run(JobContext context) {
        throw new UnsupportedOperationException();
      }
    };
  }

  private static final String REGISTRY =
      JobSchedulesFile.render(
          List.of(
              job("weekly-sweep", Duration.ofDays(7)), job("audit-check", Duration.ofMinutes(15))));

  @Test
  void listsJobsByNameWithTheirExpressionsAndTimeouts() {
    assertThat(REGISTRY)
        .containsSubsequence(
            "\"name\" : \"audit-check\"",
            "\"cadence\" : \"PT15M\"",
            "\"schedule_expression\" : \"rate(15 minutes)\"",
            "\"timeout_seconds\" : 600",
            "\"name\" : \"weekly-sweep\"",
            "\"schedule_expression\" : \"rate(7 days)\"")
        .endsWith("}\n");
    assertThat(JobSchedulesFile.drift(REGISTRY, REGISTRY)).isEmpty();
  }

  @Test
  void reportsAJobMissingFromTheFile() {
    String file = JobSchedulesFile.render(List.of(job("weekly-sweep", Duration.ofDays(7))));
    assertThat(JobSchedulesFile.drift(REGISTRY, file))
        .containsExactly("job audit-check is in the registry but has no schedule in the file");
  }

  @Test
  void reportsAScheduleLeftInTheFileForAJobThatIsGone() {
    String file =
        JobSchedulesFile.render(
            List.of(
                job("weekly-sweep", Duration.ofDays(7)),
                job("audit-check", Duration.ofMinutes(15)),
                job("retired-job", Duration.ofHours(1))));
    assertThat(JobSchedulesFile.drift(REGISTRY, file))
        .containsExactly("job retired-job has a schedule in the file but is not in the registry");
  }

  @Test
  void reportsACadenceEditedInTheFile() {
    String file = REGISTRY.replace("rate(15 minutes)", "rate(1 hour)");
    assertThat(JobSchedulesFile.drift(REGISTRY, file))
        .singleElement()
        .asString()
        .startsWith("job audit-check: registry ")
        .contains("rate(15 minutes)", "file ", "rate(1 hour)");
  }
}
