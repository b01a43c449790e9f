package dev.palisade.jobs;

import dev.palisade.telemetry.Sanitizer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One run in flight: the job's own thread, and a supervisor that waits for it up to the timeout,
 * cancels it when it overruns, records the outcome, and releases the job's lock only once the job's
 * thread has really stopped (so a job ignoring cancellation still cannot overlap itself).
 */
final class Execution {
  private static final Logger LOG = LoggerFactory.getLogger(Execution.class);
  static final Duration STOP_WAIT = Duration.ofSeconds(60);

  /** Records the outcome; returns the run as stored. */
  interface Finisher {
    JobRun finish(JobRun run, JobResult result, boolean timedOut);
  }

  private final Job job;
  private final JobRun run;
  private final RunContext context;
  private final JobSettings settings;
  private final JobLock lock;
  private final Tracer tracer;
  private final Finisher finisher;
  private final CountDownLatch stopped = new CountDownLatch(1);

  Execution(
      Job job,
      JobRun run,
      RunContext context,
      JobSettings settings,
      JobLock lock,
      Tracer tracer,
      Finisher finisher) {
    this.job = job;
    this.run = run;
    this.context = context;
    this.settings = settings;
    this.lock = lock;
    this.tracer = tracer;
    this.finisher = finisher;
  }

  CompletableFuture<JobRun> start(ExecutorService executor) {
    CompletableFuture<JobRun> done = new CompletableFuture<>();
    try {
      Future<JobResult> work = executor.submit(this::work);
      executor.execute(() -> supervise(work, done));
    } catch (RuntimeException e) {
      lock.close();
      done.complete(
          finisher.finish(run, JobResult.failed("could not start: " + Sanitizer.reason(e)), false));
    }
    return done;
  }

  private JobResult work() {
    putContext();
    Span span =
        tracer
            .spanBuilder("job " + run.job())
            .setNoParent()
            .setSpanKind(SpanKind.INTERNAL)
            .setAttribute("palisade.job", run.job())
            .setAttribute("palisade.job.run_id", run.id().toString())
            .setAttribute("palisade.job.trigger", run.trigger().value())
            .startSpan();
    MDC.put("trace_id", span.getSpanContext().getTraceId());
    try (Scope ignored = span.makeCurrent()) {
      JobResult result = job.run(context);
      if (result == null) {
        result = JobResult.failed("the job returned no result");
      }
      span.setAttribute("palisade.job.result", result.status().value());
      if (result.status() == JobResult.Status.FAILED) {
        span.setStatus(StatusCode.ERROR, Sanitizer.clean(result.summary()));
      }
      return result;
    } catch (CancellationException e) {
      span.setStatus(StatusCode.ERROR, "cancelled");
      return JobResult.failed("cancelled");
    } catch (Exception | LinkageError | AssertionError e) {
      String reason = Sanitizer.reason(e);
      span.setStatus(StatusCode.ERROR, reason);
      span.setAttribute("error.type", e.getClass().getName());
      LOG.warn("job {} threw {}: {}", run.job(), e.getClass().getSimpleName(), reason);
      return JobResult.failed(reason);
    } finally {
      span.end();
      MDC.remove("trace_id");
      MDC.remove("job");
      MDC.remove("run_id");
      stopped.countDown();
    }
  }

  private void supervise(Future<JobResult> work, CompletableFuture<JobRun> done) {
    putContext();
    JobResult result;
    boolean timedOut = false;
    try {
      result = work.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      context.cancel();
      work.cancel(true);
      timedOut = true;
      result = JobResult.failed("timed out after " + settings.timeout() + " and was stopped");
    } catch (InterruptedException e) {
      context.cancel();
      work.cancel(true);
      Thread.currentThread().interrupt();
      result = JobResult.failed("stopped: the server is shutting down");
    } catch (ExecutionException e) {
      result = JobResult.failed(Sanitizer.reason(e.getCause()));
    }
    JobRun finished = run;
    try {
      finished = finisher.finish(run, result, timedOut);
    } catch (RuntimeException e) {
      LOG.error("job {}: the outcome could not be recorded: {}", run.job(), Sanitizer.reason(e));
    } finally {
      awaitStop();
      lock.close();
      MDC.remove("job");
      MDC.remove("run_id");
    }
    done.complete(finished);
  }

  private void awaitStop() {
    try {
      if (!stopped.await(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.error("job {} did not stop within {} of being cancelled", run.job(), STOP_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void putContext() {
    MDC.put("job", run.job());
    MDC.put("run_id", run.id().toString());
  }
}
