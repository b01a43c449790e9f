import type { Json, PageProps } from "../types";
import { ActionButton, reload } from "../ui/actions";
import { Badge, Field, ListTable } from "../ui/common";
import type { Column } from "../ui/common";
import { Shell } from "../ui/shell";
import { formatDuration, Time } from "../ui/time";

/** What every incident shows, active or resolved: its kind, subject, summary and when it opened. */
export const INCIDENT_COLUMNS: Column<Json>[] = [
  { head: "Kind", cell: (i) => <code>{i.kind}</code> },
  { head: "Subject", cell: (i) => i.org?.slug ?? i.subject },
  { head: "Summary", cell: (i) => i.summary },
  { head: "Opened", cell: (i) => <Time iso={i.openedAt} /> },
];

const ACTIVE_INCIDENT_COLUMNS: Column<Json>[] = [
  { head: "Severity", cell: (i) => <Badge value={i.severity} /> },
  ...INCIDENT_COLUMNS,
  { head: "Last seen", cell: (i) => <Time iso={i.lastSeenAt} /> },
  { head: "Occurrences", cell: (i) => i.occurrences, className: "num" },
];

export function IncidentTable({ items }: { items: Json[] }) {
  return <ListTable className={null} columns={ACTIVE_INCIDENT_COLUMNS} rows={items} rowKey={(i) => i.id} empty="No active incidents." />;
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

const JOB_COLUMNS: Column<Json>[] = [
  {
    head: "Job",
    cell: (j) => (
      <>
        <a href={`/console/system/jobs?job=${encodeURIComponent(j.name)}`}>{j.name}</a>
        {j.enabled ? null : <span className="muted"> (disabled)</span>}
        {j.running ? <span className="badge badge-info">running</span> : null}
      </>
    ),
  },
  { head: "Cadence", cell: (j) => formatDuration(j.cadence) },
  {
    head: "Last runs",
    cell: (j) => (
      <>
        {j.lastRuns.length === 0 ? <span className="muted">no runs yet</span> : null}
        {j.lastRuns.map((r: Json) => (
          <span key={r.id} className="run" title={r.summary}>
            <Badge value={r.status} />
          </span>
        ))}
      </>
    ),
  },
  { head: "Last success", cell: (j) => <Time iso={j.lastSuccessAt} /> },
  { head: "Next run", cell: (j) => (j.nextRunAt ? <Time iso={j.nextRunAt} /> : <span className="muted">not scheduled here</span>) },
];

const RUN_NOW_COLUMN: Column<Json> = { head: "Action", cell: (j) => <RunNow job={j.name} /> };

export function JobTable({ jobs, runNow }: { jobs: Json[]; runNow: boolean }) {
  return <ListTable className={null} columns={runNow ? [...JOB_COLUMNS, RUN_NOW_COLUMN] : JOB_COLUMNS} rows={jobs} rowKey={(j) => j.name} />;
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
