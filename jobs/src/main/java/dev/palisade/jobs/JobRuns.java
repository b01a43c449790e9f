package dev.palisade.jobs;

import dev.palisade.errors.PlatformException;
import dev.palisade.events.Sanitizer;
import dev.palisade.paging.Page;
import dev.palisade.paging.TimeCursor;
import dev.palisade.tenancy.InstallDatabase;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The {@code job_runs} table of the install database. */
@Singleton
public final class JobRuns {
  private static final String COLUMNS =
      "id, job, trigger, triggered_by, instance, started_at, ended_at, status, summary";

  private final InstallDatabase install;

  JobRuns(InstallDatabase install) {
    this.install = install;
  }

  void start(Connection c, JobRun run) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into job_runs ("
                + COLUMNS
                + ") values (?, ?, ?, ?, ?, ?, null, 'running', null)")) {
      ps.setObject(1, run.id());
      ps.setString(2, run.job());
      ps.setString(3, run.trigger().value());
      ps.setString(4, run.triggeredBy());
      ps.setString(5, run.instance());
      ps.setTimestamp(6, Timestamp.from(run.startedAt()));
      ps.executeUpdate();
    }
  }

  /**
   * Closes runs of {@code job} still marked running. Only called while holding the job's lock, so
   * any such row belongs to an instance that stopped mid-run.
   */
  int closeAbandoned(Connection c, String job, Instant now) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "update job_runs set status = 'failed', ended_at = ?,"
                + " summary = 'abandoned: the instance running it stopped before it ended'"
                + " where job = ? and status = 'running'")) {
      ps.setTimestamp(1, Timestamp.from(now));
      ps.setString(2, job);
      return ps.executeUpdate();
    }
  }

  /** Records the outcome unless the run was already completed (e.g. by its timeout). */
  boolean complete(UUID id, JobResult result, Instant endedAt) {
    try (Connection c = install.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "update job_runs set status = ?, summary = ?, ended_at = ?"
                    + " where id = ? and status = 'running'")) {
      ps.setString(1, result.status().value());
      ps.setString(2, Sanitizer.clean(result.summary()));
      ps.setTimestamp(3, Timestamp.from(endedAt));
      ps.setObject(4, id);
      return ps.executeUpdate() > 0;
    } catch (SQLException e) {
      throw PlatformException.database("cannot record the job run", e);
    }
  }

  public Optional<JobRun> find(UUID id) {
    List<JobRun> runs = query("where id = ?", List.of(id), 1);
    return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
  }

  /** The newest {@code n} runs of {@code job}. */
  public List<JobRun> latest(String job, int n) {
    return query("where job = ? order by started_at desc, id desc", List.of(job), n);
  }

  /** The newest {@code n} runs of each of {@code jobs}, in one indexed query, newest first. */
  public Map<String, List<JobRun>> latestOfEach(Collection<String> jobs, int n) {
    Map<String, List<JobRun>> out = new HashMap<>();
    try (Connection c = install.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "select r.* from unnest(?::text[]) as j(name) cross join lateral (select "
                    + COLUMNS
                    + " from job_runs where job = j.name order by started_at desc, id desc"
                    + " limit ?) r")) {
      ps.setArray(1, c.createArrayOf("text", jobs.toArray()));
      ps.setInt(2, n);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          JobRun r = map(rs);
          out.computeIfAbsent(r.job(), k -> new ArrayList<>()).add(r);
        }
      }
      return out;
    } catch (SQLException e) {
      throw PlatformException.database("cannot read job runs", e);
    }
  }

  /** When each of {@code jobs} last ended with success, in one indexed query. */
  public Map<String, Instant> lastSuccessOfEach(Collection<String> jobs) {
    Map<String, Instant> out = new HashMap<>();
    try (Connection c = install.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "select j.name, (select ended_at from job_runs where job = j.name"
                    + " and status = 'success' order by started_at desc, id desc limit 1)"
                    + " from unnest(?::text[]) as j(name)")) {
      ps.setArray(1, c.createArrayOf("text", jobs.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Timestamp at = rs.getTimestamp(2);
          if (at != null) {
            out.put(rs.getString(1), at.toInstant());
          }
        }
      }
      return out;
    } catch (SQLException e) {
      throw PlatformException.database("cannot read job runs", e);
    }
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
    StringBuilder where = new StringBuilder("where true");
    List<Object> args = new ArrayList<>();
    if (job != null) {
      where.append(" and job = ?");
      args.add(job);
    }
    if (status != null) {
      where.append(" and status = ?");
      args.add(status.value());
    }
    TimeCursor after = TimeCursor.decode(cursor);
    if (after != null) {
      where.append(" and (started_at, id) < (?, ?)");
      args.add(Timestamp.from(after.time()));
      args.add(after.id());
    }
    where.append(" order by started_at desc, id desc");
    List<JobRun> rows = query(where.toString(), args, limit + 1);
    return Page.of(rows, limit, r -> TimeCursor.key(r.startedAt().toString(), r.id().toString()));
  }

  private List<JobRun> query(String tail, List<Object> args, int limit) {
    try (Connection c = install.connection();
        PreparedStatement ps =
            c.prepareStatement("select " + COLUMNS + " from job_runs " + tail + " limit ?")) {
      int i = 1;
      for (Object a : args) {
        ps.setObject(i++, a);
      }
      ps.setInt(i, limit);
      List<JobRun> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(map(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw PlatformException.database("cannot read job runs", e);
    }
  }

  private static JobRun map(ResultSet rs) throws SQLException {
    Timestamp ended = rs.getTimestamp("ended_at");
    return new JobRun(
        rs.getObject("id", UUID.class),
        rs.getString("job"),
        JobContext.Trigger.valueOf(rs.getString("trigger").toUpperCase(Locale.ROOT)),
        rs.getString("triggered_by"),
        rs.getString("instance"),
        rs.getTimestamp("started_at").toInstant(),
        ended == null ? null : ended.toInstant(),
        JobResult.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
        rs.getString("summary"));
  }
}
