package dev.palisade.functions;

import dev.palisade.jobs.JobContext;
import dev.palisade.jobs.JobRun;
import dev.palisade.jobs.JobRunner;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job function: an EventBridge Scheduler schedule invokes it with {@code {"job": "<name>"}},
 * and it runs that job through {@link JobRunner} with trigger {@code external}, exactly as the
 * Sovereign scheduler would (the job's advisory lock, a {@code job_runs} row, metrics, security
 * events and incidents on failure), waits for the run to end and answers its {@link JobOutcome}.
 * Lambda handler: {@code dev.palisade.functions.JobFunction::handleRequest}.
 *
 * <p>A run that ends {@code failed} is answered, not thrown: its failure is recorded and raised
 * already, and the schedule's retries must not run it again at once. An invocation without a job
 * name, or with a name no job has, throws {@link IllegalArgumentException} and starts nothing. A
 * job that is running elsewhere, or is disabled, is answered {@code skipped} and writes nothing.
 */
public class JobFunction extends MicronautRequestHandler<JobInvocation, JobOutcome> {
  /** Who started a run, as recorded in {@code job_runs.triggered_by}. */
  public static final String TRIGGERED_BY = "eventbridge-scheduler";

  private static final Logger LOG = LoggerFactory.getLogger(JobFunction.class);
  private static final String NAME = "[a-z][a-z0-9]*(-[a-z0-9]+)*";
  private static final int MAX_NAME = 64;

  /** Lambda's constructor: configuration from the environment. */
  public JobFunction() {
    super();
  }

  /** A function on a context that is already running (tests and benchmarks). */
  public JobFunction(ApplicationContext context) {
    super(context);
  }

  @Override
  protected ApplicationContextBuilder newApplicationContextBuilder() {
    return FunctionSettings.builder(System.getenv());
  }

  @Override
  public JobOutcome execute(JobInvocation input) {
    JobRunner runner = applicationContext.getBean(JobRunner.class);
    String name = input == null ? null : input.job();
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("the input names no job: expected {\"job\": \"<name>\"}");
    }
    if (name.length() > MAX_NAME || !name.matches(NAME)) {
      throw new IllegalArgumentException(
          "job must be a job name (kebab-case, at most " + MAX_NAME + " characters)");
    }
    if (runner.job(name).isEmpty()) {
      throw new IllegalArgumentException(
          "no job named " + name + "; the jobs are " + String.join(", ", names(runner)));
    }
    if (!runner.settings(name).enabled()) {
      LOG.info("job {} is disabled; the schedule's invocation is skipped", name);
      return new JobOutcome(
          name,
          null,
          "skipped",
          "the job is disabled (palisade.jobs." + name + ".enabled)",
          null,
          null);
    }
    Optional<JobRun> run = runner.runAndWait(name, JobContext.Trigger.EXTERNAL, TRIGGERED_BY);
    return run.map(JobOutcome::of).orElseGet(() -> JobOutcome.skipped(name));
  }

  private static java.util.List<String> names(JobRunner runner) {
    return runner.jobs().stream().map(j -> j.name()).toList();
  }
}
