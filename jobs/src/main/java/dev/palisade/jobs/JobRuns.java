package dev.palisade.jobs;

import dev.palisade.errors.PlatformException;
import dev.palisade.paging.Page;
import dev.palisade.paging.TimeCursor;
import dev.palisade.telemetry.Sanitizer;
import dev.palisade.tenancy.Databases;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.mapper.RowMapper;

/** The {@code job_runs} table of the install database. */
@Singleton
public final class JobRuns {
  private static final String COLUMNS =
      "id, job, trigger, triggered_by, instance, started_at, ended_at, status, summary";
  private static final RowMapper<JobRun> ROW =
      (rs, ctx) -> {
        OffsetDateTime ended = rs.getObject("ended_at", OffsetDateTime.class);
        return new JobRun(
            rs.getObject("id", UUID.class),
            rs.getString("job"),
            JobContext.Trigger.valueOf(rs.getString("trigger").toUpperCase(Locale.ROOT)),
            rs.getString("triggered_by"),
            rs.getString("instance"),
            rs.getObject("started_at", OffsetDateTime.class).toInstant(),
            ended == null ? null : ended.toInstant(),
            JobResult.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
            rs.getString("summary"));
      };

  private final Jdbi install;

  JobRuns(Databases databases) {
    this.install = databases.install();
  }

  void start(Handle h, JobRun run) {
    h.createUpdate(
            "insert into job_runs ("
                + COLUMNS
                + ") values (:id, :job, :trigger, :triggeredBy, :instance, :startedAt, null,"
                + " 'running', null)")
        .bind("id", run.id())
        .bind("job", run.job())
        .bind("trigger", run.trigger().value())
        .bind("triggeredBy", run.triggeredBy())
        .bind("instance", run.instance())
        .bind("startedAt", run.startedAt())
        .execute();
  }

  /**
   * Closes runs of {@code job} still marked running. Only called while holding the job's lock, so
   * any such row belongs to an instance that stopped mid-run.
   */
  int closeAbandoned(Handle h, String job, Instant now) {
    return h.createUpdate(
            "update job_runs set status = 'failed', ended_at = :now,"
                + " summary = 'abandoned: the instance running it stopped before it ended'"
                + " where job = :job and status = 'running'")
        .bind("now", now)
        .bind("job", job)
        .execute();
  }

  /** Records the outcome unless the run was already completed (e.g. by its timeout). */
  boolean complete(UUID id, JobResult result, Instant endedAt) {
    return read(
        h ->
            h.createUpdate(
                        "update job_runs set status = :status, summary = :summary,"
                            + " ended_at = :ended where id = :id and status = 'running'")
                    .bind("status", result.status().value())
                    .bind("summary", Sanitizer.clean(result.summary()))
                    .bind("ended", endedAt)
                    .bind("id", id)
                    .execute()
                > 0);
  }

  public Optional<JobRun> find(UUID id) {
    return read(
        h ->
            h.createQuery("select " + COLUMNS + " from job_runs where id = :id")
                .bind("id", id)
                .map(ROW)
                .findOne());
  }

  /** The newest {@code n} runs of {@code job}. */
  public List<JobRun> latest(String job, int n) {
    return read(
        h ->
            h.createQuery(
                    "select "
                        + COLUMNS
                        + " from job_runs where job = :job order by started_at desc, id desc"
                        + " limit :n")
                .bind("job", job)
                .bind("n", n)
                .map(ROW)
                .list());
  }

  /** The newest {@code n} runs of each of {@code jobs}, in one indexed query, newest first. */
  public Map<String, List<JobRun>> latestOfEach(Collection<String> jobs, int n) {
    Map<String, List<JobRun>> out = new HashMap<>();
    read(h ->
            h.createQuery(
                    "select r.* from unnest(:jobs::text[]) as j(name) cross join lateral"
                        + " (select "
                        + COLUMNS
                        + " from job_runs where job = j.name"
                        + " order by started_at desc, id desc limit :n) r")
                .bind("jobs", jobs.toArray(new String[0]))
                .bind("n", n)
                .map(ROW)
                .list())
        .forEach(r -> out.computeIfAbsent(r.job(), k -> new ArrayList<>()).add(r));
    return out;
  }

  /** When each of {@code jobs} last ended with success, in one indexed query. */
  public Map<String, Instant> lastSuccessOfEach(Collection<String> jobs) {
    Map<String, Instant> out = new HashMap<>();
    read(
        h -> {
          h.createQuery(
                  "select j.name, (select ended_at from job_runs where job = j.name"
                      + " and status = 'success' order by started_at desc, id desc limit 1)"
                      + " from unnest(:jobs::text[]) as j(name)")
              .bind("jobs", jobs.toArray(new String[0]))
              .map(
                  (rs, ctx) ->
                      Map.entry(
                          rs.getString(1),
                          Optional.ofNullable(rs.getObject(2, OffsetDateTime.class))))
              .forEach(e -> e.getValue().ifPresent(t -> out.put(e.getKey(), t.toInstant())));
          return null;
        });
    return out;
  }

  public Optional<Instant> lastSuccess(String job) {
    return Optional.ofNullable(lastSuccessOfEach(List.of(job)).get(job));
  }

  /** How many runs of {@code job} failed in a row, newest first, up to {@code max}. */
  int consecutiveFailures(String job, int max) {
    int n = 0;
    for (JobRun r : latest(job, max)) {
      if (r.status() != JobResult.Status.FAILED) {
        break;
      }
      n++;
    }
    return n;
  }

  /** History, newest first, optionally filtered by job and status. */
  public Page<JobRun> page(String job, JobResult.Status status, int limit, String cursor) {
    TimeCursor after = TimeCursor.decode(cursor);
    List<JobRun> rows =
        read(
            h ->
                TimeCursor.bind(
                        h.createQuery(
                            "select "
                                + COLUMNS
                                + " from job_runs where (:job::text is null or job = :job)"
                                + " and (:status::text is null or status = :status)"
                                + " and "
                                + TimeCursor.condition("started_at")
                                + " order by started_at desc, id desc limit :limit"),
                        after)
                    .bind("job", job)
                    .bind("status", status == null ? null : status.value())
                    .bind("limit", limit + 1)
                    .map(ROW)
                    .list());
    return Page.of(rows, limit, r -> TimeCursor.key(r.startedAt().toString(), r.id().toString()));
  }

  private <T> T read(Function<Handle, T> work) {
    try {
      return install.withHandle(work::apply);
    } catch (JdbiException e) {
      throw PlatformException.database("cannot read job runs", e);
    }
  }
}
