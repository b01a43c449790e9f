import { useContext, useEffect, useState } from "react";
import type { Json, PageProps, Problem } from "../types";
import { ActionButton, CsrfContext, postAction, reload } from "../ui/actions";
import { Badge, Drawer, Empty, Field, ListTable, ProblemView, RawJson } from "../ui/common";
import type { Column } from "../ui/common";
import { href } from "../ui/links";
import { Shell } from "../ui/shell";
import { formatDuration, Time } from "../ui/time";
import { bytes } from "./Storage";

const BASE = "/console/system/backups";
const POLL_MILLIS = 2000;

export function millis(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "";
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  return s < 120 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** Reads a validation that still runs until it ends, then shows it; a failed read shows its problem. */
function useValidationPoll(backupId: string, running: boolean, onEnd: (v: Json) => void, onProblem: (p: Problem) => void) {
  useEffect(() => {
    if (!running) return undefined;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      try {
        const res = await fetch(`${BASE}/${backupId}/validation`, { credentials: "same-origin", headers: { Accept: "application/json" } });
        const body = await res.json();
        if (stopped) return;
        if (!res.ok) onProblem(body);
        else if (body.state === "running") timer = setTimeout(poll, POLL_MILLIS);
        else onEnd(body);
      } catch {
        if (!stopped) onProblem({ title: "Network error", status: 0, detail: "the server could not be reached" });
      }
    };
    timer = setTimeout(poll, POLL_MILLIS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [backupId, running]);
}

function ValidationResult({ v }: { v: Json }) {
  return (
    <div className={`verify ${v.state === "passed" ? "verify-intact" : v.state === "failed" ? "verify-broken" : ""}`} role="status">
      <p>
        Restore validation <Badge value={v.state} />
        {v.state === "running" ? " — restoring into scratch databases…" : null}
        {v.restoreMillis != null ? ` restored in ${millis(v.restoreMillis)}` : null}
        {v.backupAgeMillis != null ? `, recovery point ${millis(v.backupAgeMillis)} old` : null}
      </p>
      {v.state === "failed" ? (
        <p className="reason">
          {v.failedStep}
          {v.failedDatabase ? ` on ${v.failedDatabase}` : ""}: {v.detail}
        </p>
      ) : null}
    </div>
  );
}

/** Test restore: 200 with the result, or 202 while it runs, then the validation read until it ends. */
function TestRestore({ backup }: { backup: Json }) {
  const csrf = useContext(CsrfContext);
  const [busy, setBusy] = useState(false);
  const [validation, setValidation] = useState<Json>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const running = validation?.state === "running";
  useValidationPoll(backup.id, running, setValidation, setProblem);
  const run = async () => {
    setBusy(true);
    setProblem(null);
    setValidation(null);
    const r = await postAction(csrf, `${BASE}/${backup.id}/validate`);
    setBusy(false);
    if (r.ok) setValidation(r.body);
    else setProblem(r.problem);
  };
  return (
    <div className="action">
      <button type="button" onClick={run} disabled={busy || running} aria-busy={busy || running} aria-label={`Test restore of the backup of ${backup.startedAt}`}>
        {busy || running ? "Testing…" : "Test restore"}
      </button>
      <div className="action-result" aria-live="polite">
        {validation ? <ValidationResult v={validation} /> : null}
        {problem ? <ProblemView problem={problem} /> : null}
      </div>
    </div>
  );
}

function backupColumns(props: PageProps): Column<Json>[] {
  return [
    { head: "Started", cell: (b) => <a href={href(props.path, {}, { backup: b.id })}><Time iso={b.startedAt} /></a> },
    { head: "State", cell: (b) => <Badge value={b.expiredAt ? "expired" : b.state} tone={b.expiredAt ? "muted" : undefined} /> },
    { head: "Trigger", cell: (b) => b.trigger },
    { head: "Size", cell: (b) => bytes(b.sizeBytes), className: "num" },
    { head: "Duration", cell: (b) => millis(b.durationMillis), className: "num" },
    { head: "Databases", cell: (b) => (b.databases ?? []).length, className: "num" },
    { head: "Validation", cell: (b) => (b.validation ? <Badge value={b.validation.state} /> : <span className="muted">not validated</span>) },
    { head: "Test restore", cell: (b) => (b.state === "completed" && !b.expiredAt ? <TestRestore backup={b} /> : null) },
  ];
}

const JOB_COLUMNS: Column<Json>[] = [
  { head: "Job", cell: (j) => <a href={href("/console/system/jobs", {}, { job: j.name })}>{j.name}</a> },
  { head: "Cadence", cell: (j) => (j.enabled ? formatDuration(j.cadence) : <Badge value="disabled" tone="muted" />) },
  { head: "Next run", cell: (j) => (j.nextRunAt ? <Time iso={j.nextRunAt} /> : <span className="muted">not scheduled in this instance</span>) },
  { head: "Last success", cell: (j) => (j.lastSuccessAt ? <Time iso={j.lastSuccessAt} /> : <span className="muted">never</span>) },
  { head: "Last run", cell: (j) => (j.lastRuns?.[0] ? <Badge value={j.lastRuns[0].status} /> : <span className="muted">none</span>) },
];

const FINDING_COLUMNS: Column<Json>[] = [
  { head: "Severity", cell: (f) => <Badge value={f.severity} /> },
  { head: "Subject", cell: (f) => <code>{f.subject}</code> },
  { head: "Finding", cell: (f) => <span className="reason">{f.finding}</span> },
];

const DATABASE_COLUMNS: Column<Json>[] = [
  { head: "Database", cell: (d) => <code>{d.name}</code> },
  { head: "Role", cell: (d) => (d.organizationSlug ? `${d.role} (${d.organizationSlug})` : d.role) },
  { head: "Schema", cell: (d) => d.schemaVersion, className: "num" },
  { head: "Size", cell: (d) => bytes(d.sizeBytes), className: "num" },
];

function BackupDrawer({ props, b }: { props: PageProps; b: Json }) {
  return (
    <Drawer id="backup-h" title="Backup" closeHref={props.path} closeLabel="Close backup">
      <dl className="facts">
        <Field label="State">
          <Badge value={b.state} />
          {b.detail ? <span className="reason"> {b.detail}</span> : null}
        </Field>
        <Field label="Requested by">
          <code>{b.requestedBy}</code> ({b.trigger})
        </Field>
        <Field label="Started">
          <Time iso={b.startedAt} />
        </Field>
        <Field label="Ended">
          <Time iso={b.endedAt} />
        </Field>
        <Field label="Location">
          <code>{b.location}</code>
        </Field>
        <Field label="Manifest SHA-256">
          <code className="hash">{b.manifestSha256}</code>
        </Field>
        {b.expiredAt ? (
          <Field label="Expired">
            <Time iso={b.expiredAt} />
          </Field>
        ) : null}
      </dl>
      <h3>Databases</h3>
      <ListTable className="compact" columns={DATABASE_COLUMNS} rows={b.databases ?? []} rowKey={(d) => d.name} empty="No database was dumped." />
      <h3>Newest validation</h3>
      {b.validation ? <ValidationResult v={b.validation} /> : <Empty>Never validated.</Empty>}
      {b.validation?.steps?.length ? (
        <ul className="steps">
          {b.validation.steps.map((s: Json, i: number) => (
            <li key={i}>
              <Badge value={s.result} /> {s.name}
              {s.database ? ` · ${s.database}` : ""} <span className="muted">({millis(s.durationMillis)})</span> <span className="reason">{s.detail}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <RawJson value={b} />
    </Drawer>
  );
}

export function Backups({ props }: { props: PageProps }) {
  const d = props.data;
  const items: Json[] = d.backups?.items ?? [];
  const last = items[0];
  const good = items.find((b) => b.state === "completed" && !b.expiredAt);
  return (
    <Shell props={props} title="Backups">
      {props.problem ? <ProblemView problem={props.problem} /> : null}
      <section className="card" aria-labelledby="status-h">
        <h2 id="status-h">Status</h2>
        <dl className="facts">
          <Field label="Last backup">
            {last ? (
              <>
                <Badge value={last.state} /> <Time iso={last.startedAt} />
              </>
            ) : (
              <span className="muted">none yet</span>
            )}
          </Field>
          <Field label="Newest usable">{good ? <Time iso={good.endedAt} /> : <span className="muted">none</span>}</Field>
          {d.plan?.target ? (
            <Field label="Target">
              <code>{d.plan.target.type}</code> <code>{d.plan.target.location}</code>
              {d.plan.target.freeBytes != null ? <span className="muted"> ({bytes(d.plan.target.freeBytes)} free)</span> : null}
            </Field>
          ) : null}
        </dl>
        <div className="toolbar">
          <ActionButton label="Run backup now" busyLabel="Starting…" url={BASE} onDone={reload} />
        </div>
      </section>
      <section aria-labelledby="jobs-h">
        <h2 id="jobs-h">Jobs</h2>
        {d.jobs ? <ListTable label="Backup jobs" className="compact" navigable={false} columns={JOB_COLUMNS} rows={d.jobs} rowKey={(j) => j.name} empty="The backup jobs are not registered." /> : null}
      </section>
      <section aria-labelledby="runs-h">
        <h2 id="runs-h">Backup runs</h2>
        <ListTable label="Backup runs" columns={backupColumns(props)} rows={items} rowKey={(b) => b.id} empty="No backup yet: run one now, or wait for the database-backup job." />
        <p className="muted">
          {items.length} most recent {items.length === 1 ? "backup" : "backups"} (the API lists the newest 50). <a href={href(props.path, props.query)}>Refresh</a>
        </p>
      </section>
      <section aria-labelledby="plan-h">
        <h2 id="plan-h">Backup plan findings</h2>
        {d.planProblem ? <ProblemView problem={d.planProblem} /> : null}
        {d.plan ? <ListTable label="Backup plan findings" className="compact" navigable={false} columns={FINDING_COLUMNS} rows={d.plan.findings ?? []} rowKey={(f) => `${f.subject} ${f.finding}`} empty="No findings: everything the plan lists is covered." /> : null}
      </section>
      {d.backup ? <BackupDrawer props={props} b={d.backup} /> : null}
    </Shell>
  );
}
