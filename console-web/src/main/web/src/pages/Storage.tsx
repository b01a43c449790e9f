import { useState } from "react";
import type { Json, PageProps } from "../types";
import { can } from "../ui/access";
import { ActionButton, ReasonAction, reload, SubmitButton, useActionForm } from "../ui/actions";
import { Badge, Drawer, Field, ListTable, ProblemView, RawJson } from "../ui/common";
import type { Column } from "../ui/common";
import { href, orgPath, submitFilters } from "../ui/links";
import { Shell } from "../ui/shell";
import { Time } from "../ui/time";

const RUN_STATES = ["pending", "running", "completed", "failed", "cancelled"];

export function bytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return "";
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

/** A binding's last validation: the result, when, and the first failed step's reason. */
function LastValidation({ v }: { v: Json }) {
  if (!v) return <span className="muted">never validated</span>;
  const failed = (v.steps ?? []).find((s: Json) => s.outcome === "failed");
  return (
    <>
      <Badge value={v.result} /> <Time iso={v.checkedAt} />
      {failed ? (
        <span className="reason">
          {" "}
          {failed.name}: {failed.reason}
        </span>
      ) : null}
    </>
  );
}

const STEP_COLUMNS: Column<Json>[] = [
  { head: "Step", cell: (s) => s.name },
  { head: "Outcome", cell: (s) => <Badge value={s.outcome} /> },
  { head: "Latency", cell: (s) => `${s.latencyMillis} ms`, className: "num" },
  { head: "Reason", cell: (s) => <span className="reason">{s.reason ?? ""}</span> },
];

function Settings({ settings }: { settings: Json }) {
  const entries = Object.entries(settings ?? {});
  if (entries.length === 0) return <Field label="Settings">none</Field>;
  return (
    <>
      {entries.map(([name, value]) => (
        <Field key={name} label={name}>
          <code>{String(value)}</code>
        </Field>
      ))}
    </>
  );
}

function ActiveBinding({ slug, b, manage }: { slug: string; b: Json; manage: boolean }) {
  return (
    <section className="card" aria-labelledby="active-h">
      <h2 id="active-h">Active binding</h2>
      <dl className="facts">
        <Field label="Type">
          <code>{b.type}</code>
        </Field>
        <Field label="Status">
          <Badge value={b.status} />
        </Field>
        <Settings settings={b.settings} />
        <Field label="Last validation">
          <LastValidation v={b.validation} />
        </Field>
        <Field label="Active since">
          <Time iso={b.activatedAt ?? b.createdAt} />
        </Field>
      </dl>
      {b.validation?.steps?.length ? <ListTable label="Steps of the last validation" className="compact" navigable={false} columns={STEP_COLUMNS} rows={b.validation.steps} rowKey={(s) => s.name} /> : null}
      {manage ? (
        <div className="toolbar">
          <ActionButton label="Validate now" busyLabel="Validating…" url={`${orgPath(slug, "storage")}/bindings/${b.id}/validate`} onDone={reload} />
        </div>
      ) : null}
    </section>
  );
}

function otherColumns(slug: string, manage: boolean): Column<Json>[] {
  const base: Column<Json>[] = [
    { head: "Type", cell: (b) => <code>{b.type}</code> },
    { head: "Settings", cell: (b) => <span className="settings">{Object.entries(b.settings ?? {}).map(([k, v]) => `${k}=${String(v)}`).join(", ")}</span> },
    { head: "Status", cell: (b) => <Badge value={b.status} /> },
    { head: "Last validation", cell: (b) => <LastValidation v={b.validation} /> },
    { head: "Created", cell: (b) => <Time iso={b.createdAt} /> },
  ];
  if (!manage) return base;
  return [
    ...base,
    {
      head: "Actions",
      cell: (b) => (
        <div className="row-actions">
          <ActionButton label="Validate" busyLabel="Validating…" url={`${orgPath(slug, "storage")}/bindings/${b.id}/validate`} onDone={reload} />
          <ReasonAction label="Activate" busyLabel="Activating…" url={`${orgPath(slug, "storage")}/bindings/${b.id}/activate`} subject={b.type} onDone={reload} />
        </div>
      ),
    },
  ];
}

function Progress({ run }: { run: Json }) {
  const total = run.items?.total ?? 0;
  const done = run.items?.verified ?? 0;
  const pct = total === 0 ? (run.state === "completed" ? 100 : 0) : Math.floor((done * 100) / total);
  return (
    <span className="progress-cell">
      <progress max={100} value={pct} aria-label={`${done} of ${total} items verified`} /> {done}/{total}
    </span>
  );
}

function runColumns(props: PageProps, slug: string, manage: boolean): Column<Json>[] {
  const base: Column<Json>[] = [
    { head: "Run", cell: (r) => <a href={href(props.path, props.query, { run: r.id })}>{r.id.slice(0, 8)}</a> },
    { head: "State", cell: (r) => <Badge value={r.state} tone={r.state === "running" || r.state === "pending" ? "info" : undefined} /> },
    { head: "Progress", cell: (r) => <Progress run={r} /> },
    { head: "Failed", cell: (r) => r.items?.failed ?? 0, className: "num" },
    { head: "Bytes verified", cell: (r) => bytes(r.bytes), className: "num" },
    { head: "Started", cell: (r) => <Time iso={r.startedAt ?? r.createdAt} /> },
    { head: "Finished", cell: (r) => <Time iso={r.finishedAt} /> },
    { head: "Last error", cell: (r) => <span className="reason">{r.lastError ?? ""}</span> },
  ];
  if (!manage) return base;
  return [
    ...base,
    {
      head: "Actions",
      cell: (r) =>
        r.state === "pending" || r.state === "running" ? (
          <ActionButton label="Cancel" busyLabel="Cancelling…" url={`${orgPath(slug, "storage")}/migrations/${r.id}/cancel`} onDone={reload} />
        ) : null,
    },
  ];
}

function RunDrawer({ props, run, bindings }: { props: PageProps; run: Json; bindings: Map<string, Json> }) {
  const name = (id: string) => (bindings.get(id) ? `${bindings.get(id).type} (${id.slice(0, 8)})` : id);
  return (
    <Drawer id="run-h" title={`Migration run ${run.id.slice(0, 8)}`} closeHref={href(props.path, props.query, { run: null })} closeLabel="Close migration run">
      <dl className="facts">
        <Field label="State">
          <Badge value={run.state} />
        </Field>
        <Field label="From">{name(run.sourceBindingId)}</Field>
        <Field label="To">{name(run.targetBindingId)}</Field>
        <Field label="Items">
          {run.items.total} total, {run.items.copied} copied, {run.items.verified} verified, {run.items.failed} failed, {run.items.pending} pending
        </Field>
        <Field label="Bytes verified">{bytes(run.bytes)}</Field>
        <Field label="Sources kept">{run.keepSources ? "yes" : "no, removed when the run completes"}</Field>
        <Field label="Created">
          <Time iso={run.createdAt} />
        </Field>
        <Field label="Started">
          <Time iso={run.startedAt} />
        </Field>
        <Field label="Finished">
          <Time iso={run.finishedAt} />
        </Field>
        <Field label="Last error">
          <span className="reason">{run.lastError ?? "none"}</span>
        </Field>
      </dl>
      <RawJson value={run} />
    </Drawer>
  );
}

function AddBinding({ slug }: { slug: string }) {
  const { problem, setProblem, busy, post } = useActionForm();
  const [type, setType] = useState("local_filesystem_dedicated");
  const [created, setCreated] = useState<Json>(null);
  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const settings: Record<string, string | boolean> = {};
    const names = type === "s3" ? ["bucket", "region", "endpoint", "prefix", "accessKeyId", "secretAccessKey"] : ["path"];
    for (const n of names) {
      const v = String(f.get(n) ?? "").trim();
      if (v) settings[n] = v;
    }
    if (type === "s3" && f.get("pathStyle") === "on") settings.pathStyle = true;
    const r = await post(`${orgPath(slug, "storage")}/bindings`, { type, settings });
    if (r.ok) {
      setProblem(null);
      setCreated(r.body);
    }
  };
  return (
    <section className="card" aria-labelledby="add-h">
      <h2 id="add-h">Add a binding</h2>
      <form onSubmit={submit} className="stack" aria-label="Add a storage binding">
        <label>
          Type
          <select name="type" value={type} onChange={(e) => setType(e.target.value)}>
            <option value="local_filesystem_dedicated">dedicated directory (local_filesystem_dedicated)</option>
            <option value="s3">S3 bucket (s3)</option>
          </select>
        </label>
        {type === "s3" ? (
          <>
            <label>
              Bucket
              <input name="bucket" required />
            </label>
            <label>
              Region
              <input name="region" required placeholder="eu-central-1" />
            </label>
            <label>
              Endpoint <small>(optional, an S3-compatible server)</small>
              <input name="endpoint" type="url" placeholder="https://s3.example.com" />
            </label>
            <label>
              Prefix <small>(optional)</small>
              <input name="prefix" placeholder="palisade/" />
            </label>
            <label className="check">
              <input type="checkbox" name="pathStyle" />
              <span>Path-style addressing</span>
            </label>
            <label>
              Access key id
              <input name="accessKeyId" required autoComplete="off" />
            </label>
            <label>
              Secret access key <small>(sealed under the organization&apos;s keyring, never shown again)</small>
              <input name="secretAccessKey" type="password" required autoComplete="new-password" />
            </label>
          </>
        ) : (
          <label>
            Directory <small>(absolute, prepared by the operator)</small>
            <input name="path" required placeholder="/srv/acme-files" />
          </label>
        )}
        <SubmitButton busy={busy} label="Add and validate" busyLabel="Adding and validating…" />
      </form>
      {problem ? <ProblemView problem={problem} /> : null}
      {created ? (
        <div role="status" className="done">
          <p>
            Added <code>{created.type}</code>, validation <Badge value={created.validation?.result} />
            {created.validation?.result === "passed" ? " — it can be activated below." : " — fix the cause and validate again."}
          </p>
          <button type="button" onClick={reload}>
            Show it in the list
          </button>
        </div>
      ) : null}
    </section>
  );
}

export function Storage({ props }: { props: PageProps }) {
  const slug: string = props.data.org.slug;
  const st = props.data.storage;
  const manage = can(props, "settings:manage");
  const state = props.query.state ?? "";
  const runs: Json[] = st ? st.migrations.filter((r: Json) => !state || r.state === state) : [];
  const bindings = new Map<string, Json>();
  if (st) [st.active, ...st.others].filter(Boolean).forEach((b: Json) => bindings.set(b.id, b));
  return (
    <Shell props={props} title={`Storage · ${props.data.org.name}`} org={slug}>
      {props.problem ? <ProblemView problem={props.problem} /> : null}
      {!manage && st ? <p className="muted">Adding, validating and activating bindings needs the settings:manage permission.</p> : null}
      {st ? (
        <>
          {st.active ? <ActiveBinding slug={slug} b={st.active} manage={manage} /> : <p className="empty">No active binding.</p>}
          <section aria-labelledby="others-h">
            <h2 id="others-h">Other bindings</h2>
            <ListTable label="Other bindings" columns={otherColumns(slug, manage)} rows={st.others} rowKey={(b) => b.id} empty="No other binding." />
          </section>
          <section aria-labelledby="runs-h">
            <h2 id="runs-h">Migration runs</h2>
            <form method="get" action={props.path} className="filters" onSubmit={submitFilters} role="search" aria-label="Filter migration runs">
              <label>
                State
                <select name="state" defaultValue={state}>
                  <option value="">any</option>
                  {RUN_STATES.map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                </select>
              </label>
              <div className="filter-actions">
                <button type="submit">Filter</button>
                {state ? <a href={props.path}>Clear</a> : null}
              </div>
            </form>
            <ListTable label="Migration runs" columns={runColumns(props, slug, manage)} rows={runs} rowKey={(r) => r.id} empty={state ? `No ${state} migration run among the recent ones.` : "No migration run yet: one starts when a binding is activated while files are elsewhere."} />
            <p className="muted">
              {runs.length} of the {st.migrations.length} most recent runs shown. <a href={href(props.path, props.query)}>Refresh</a>
            </p>
          </section>
          {manage ? <AddBinding slug={slug} /> : null}
        </>
      ) : null}
      {props.data.run ? <RunDrawer props={props} run={props.data.run} bindings={bindings} /> : null}
    </Shell>
  );
}
