import type { Json, PageProps } from "../types";
import { ActionButton, reload } from "../ui/actions";
import { Badge, Empty, Field } from "../ui/common";
import { Shell } from "../ui/shell";
import { formatDuration, Time } from "../ui/time";

export function IncidentTable({ items }: { items: Json[] }) {
  if (items.length === 0) return <Empty>No active incidents.</Empty>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Severity</th>
          <th scope="col">Kind</th>
          <th scope="col">Subject</th>
          <th scope="col">Summary</th>
          <th scope="col">Opened</th>
          <th scope="col">Last seen</th>
          <th scope="col">Occurrences</th>
        </tr>
      </thead>
      <tbody>
        {items.map((i) => (
          <tr key={i.id} data-row>
            <td>
              <Badge value={i.severity} />
            </td>
            <td>
              <code>{i.kind}</code>
            </td>
            <td>{i.org?.slug ?? i.subject}</td>
            <td>{i.summary}</td>
            <td>
              <Time iso={i.openedAt} />
            </td>
            <td>
              <Time iso={i.lastSeenAt} />
            </td>
            <td className="num">{i.occurrences}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function LicenseSummary({ license }: { license: Json }) {
  return (
    <dl className="facts">
      <Field label="State">
        <Badge value={license.state} /> {license.usable ? "" : "(creating organizations is refused)"}
      </Field>
      <Field label="Customer">{license.customer ?? <span className="muted">none (no license imported)</span>}</Field>
      <Field label="Expires">{license.expiresAt ? <Time iso={license.expiresAt} /> : <span className="muted">no expiry</span>}</Field>
      <Field label="Organizations">
        {license.usage?.organizations ?? 0} of {license.usage?.maxOrganizations ?? "unlimited"}
      </Field>
      <Field label="Last reconcile">
        {license.lastReconcile ? (
          <>
            <Badge value={license.lastReconcile.outcome} /> <Time iso={license.lastReconcile.at} /> <span className="muted">{license.lastReconcile.summary}</span>
          </>
        ) : (
          <span className="muted">not yet run</span>
        )}
      </Field>
    </dl>
  );
}

function RunNow({ job }: { job: string }) {
  return (
    <ActionButton
      label="Run now"
      busyLabel="Running…"
      url={`/console/system/jobs/${encodeURIComponent(job)}/run`}
      render={(run) => (
        <span>
          <Badge value={run?.status} /> {run?.summary}
        </span>
      )}
      onDone={() => window.setTimeout(reload, 1200)}
    />
  );
}

export function JobTable({ jobs, runNow }: { jobs: Json[]; runNow: boolean }) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Job</th>
          <th scope="col">Cadence</th>
          <th scope="col">Last runs</th>
          <th scope="col">Last success</th>
          <th scope="col">Next run</th>
          {runNow ? <th scope="col">Action</th> : null}
        </tr>
      </thead>
      <tbody>
        {jobs.map((j) => (
          <tr key={j.name} data-row>
            <td>
              <a href={`/console/system/jobs?job=${encodeURIComponent(j.name)}`}>{j.name}</a>
              {j.enabled ? null : <span className="muted"> (disabled)</span>}
              {j.running ? <span className="badge badge-info">running</span> : null}
            </td>
            <td>{formatDuration(j.cadence)}</td>
            <td>
              {j.lastRuns.length === 0 ? <span className="muted">no runs yet</span> : null}
              {j.lastRuns.map((r: Json) => (
                <span key={r.id} className="run" title={r.summary}>
                  <Badge value={r.status} />
                </span>
              ))}
            </td>
            <td>
              <Time iso={j.lastSuccessAt} />
            </td>
            <td>{j.nextRunAt ? <Time iso={j.nextRunAt} /> : <span className="muted">not scheduled here</span>}</td>
            {runNow ? (
              <td>
                <RunNow job={j.name} />
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Operations({ props }: { props: PageProps }) {
  const d = props.data;
  return (
    <Shell props={props} title="Operations">
      <p className="lede">
        Generated <Time iso={d.generatedAt} />
      </p>
      <section aria-labelledby="incidents-h">
        <h2 id="incidents-h">Active incidents ({d.activeIncidents.length})</h2>
        <IncidentTable items={d.activeIncidents} />
      </section>
      <div className="cards">
        <section aria-labelledby="license-h" className="card">
          <h2 id="license-h">License</h2>
          <LicenseSummary license={d.license} />
          <a href="/console/system/license">License details</a>
        </section>
        <section aria-labelledby="version-h" className="card">
          <h2 id="version-h">Version</h2>
          <dl className="facts">
            <Field label="Running">{d.version.running}</Field>
            <Field label="Latest">{d.version.latest ?? <span className="muted">unknown (offline install or not yet reconciled)</span>}</Field>
            {d.version.updateAvailable ? <Field label="Update">available</Field> : null}
          </dl>
        </section>
      </div>
      <section aria-labelledby="jobs-h">
        <h2 id="jobs-h">Jobs</h2>
        <JobTable jobs={d.jobs} runNow />
      </section>
    </Shell>
  );
}
