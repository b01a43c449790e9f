import type { Json, PageProps } from "../types";
import { useState } from "react";
import { ReasonAction, reload, SubmitButton, useActionForm } from "../ui/actions";
import { OneTimeToken, ResetToken } from "../ui/onetime";
import { Badge, Drawer, Empty, Field, JsonView, ListPager, ListTable, ProblemView, RawJson } from "../ui/common";
import type { Column } from "../ui/common";
import { href, orgPath, submitFilters } from "../ui/links";
import { Shell } from "../ui/shell";
import { formatDuration, Time } from "../ui/time";
import { AuditLogBody } from "./AuditLog";
import { EventDetail, EventFilters, EventTable } from "./Events";
import { INCIDENT_COLUMNS, IncidentTable, JobTable, LicenseSummary } from "./Operations";

const TABS = [
  { id: "events", label: "Security events" },
  { id: "audit", label: "Install audit chain" },
  { id: "evidence", label: "Operation evidence" },
];

function receiptColumns(receiptHref: (id: string) => string): Column<Json>[] {
  return [
    {
      head: "Issued",
      cell: (r) => (
        <a href={receiptHref(r.id)}>
          <Time iso={r.issuedAt} />
        </a>
      ),
    },
    { head: "Operation", cell: (r) => <code>{r.operation}</code> },
    { head: "Outcome", cell: (r) => <Badge value={r.outcome} /> },
    { head: "Organization", cell: (r) => (r.org === "install" ? "install" : r.org?.slug ?? r.org?.id) },
    { head: "Subject", cell: (r) => r.subject },
    { head: "Actor", cell: (r) => <code>{r.actor}</code> },
  ];
}

function Evidence({ props }: { props: PageProps }) {
  const list = props.data.list;
  const receipt = props.data.receipt;
  const base = { tab: "evidence", ...(props.query.operation ? { operation: props.query.operation } : {}), ...(props.query.org ? { org: props.query.org } : {}) };
  return (
    <div className={receipt ? "with-drawer" : ""}>
      <form method="get" action={props.path} className="filters" onSubmit={submitFilters} role="search" aria-label="Filter evidence">
        <input type="hidden" name="tab" value="evidence" />
        <label>
          Operation <small>(prefix, e.g. keys)</small>
          <input name="operation" defaultValue={props.query.operation ?? ""} />
        </label>
        <label>
          Organization <small>(slug or install)</small>
          <input name="org" defaultValue={props.query.org ?? ""} />
        </label>
        <div className="filter-actions">
          <button type="submit">Apply</button>
          <a href={href(props.path, { tab: "evidence" })}>Reset</a>
        </div>
      </form>
      {props.problem ? <ProblemView problem={props.problem} /> : null}
      {list ? (
        <ListTable
          label="Receipts"
          columns={receiptColumns((id) => href(props.path, base, { receipt: id }))}
          rows={list.items}
          rowKey={(r) => r.id}
          empty="No receipts match these filters."
        />
      ) : null}
      {list ? <ListPager props={props} list={list} base={base} noun="receipt" /> : null}
      {receipt ? (
        <Drawer
          id="receipt-h"
          title={
            <>
              Receipt <code>{receipt.receipt.operation}</code>
            </>
          }
          closeHref={href(props.path, base)}
          closeLabel="Close receipt"
        >
          <dl className="facts">
            <Field label="Outcome">
              <Badge value={receipt.receipt.outcome} />
            </Field>
            <Field label="Issued">
              <Time iso={receipt.receipt.issuedAt} />
            </Field>
            <Field label="Actor">
              <code>{receipt.receipt.actor}</code>
            </Field>
            <Field label="Subject">{receipt.receipt.subject}</Field>
            <Field label="Signed with">
              {receipt.algorithm} key <code>{receipt.receipt.keyId}</code>
            </Field>
            <Field label="Document SHA-256">
              <code className="hash">{receipt.documentSha256}</code>
            </Field>
            <Field label="Audit entry">
              {receipt.auditEntry ? (
                <>
                  #{receipt.auditEntry.sequence} of <code>{receipt.auditEntry.chainId}</code>
                </>
              ) : (
                <span className="muted">none</span>
              )}
            </Field>
          </dl>
          <a className="button" href={`/console/system/evidence/${encodeURIComponent(receipt.receipt.id)}/receipt`} download>
            Download receipt
          </a>
          <h3>Details</h3>
          <JsonView value={receipt.receipt.details ?? {}} />
          <details>
            <summary>Signed document</summary>
            <pre className="json">{receipt.document}</pre>
          </details>
        </Drawer>
      ) : null}
    </div>
  );
}

export function Investigations({ props }: { props: PageProps }) {
  const tab = props.query.tab ?? "events";
  return (
    <Shell props={props} title="Investigations">
      <nav className="tabs" aria-label="Investigations">
        {TABS.map((t) => (
          <a key={t.id} href={t.id === "events" ? props.path : `${props.path}?tab=${t.id}`} aria-current={t.id === tab ? "page" : undefined}>
            {t.label}
          </a>
        ))}
      </nav>
      {tab === "events" ? (
        <div className={props.data.detail ? "with-drawer" : ""}>
          <EventFilters props={props} withOrg />
          {props.problem ? <ProblemView problem={props.problem} /> : null}
          {props.data.list ? <EventTable props={props} list={props.data.list} detailLinks /> : null}
          {props.data.detail ? <EventDetail props={props} detail={props.data.detail} /> : null}
        </div>
      ) : null}
      {tab === "audit" ? <AuditLogBody props={props} verifyUrl="/console/system/audit/verify" exportUrl={null} /> : null}
      {tab === "evidence" ? <Evidence props={props} /> : null}
    </Shell>
  );
}

function runColumns(jobHref: (name: string) => string): Column<Json>[] {
  return [
    { head: "Started", cell: (r) => <Time iso={r.startedAt} /> },
    { head: "Job", cell: (r) => <a href={jobHref(r.job)}>{r.job}</a> },
    { head: "Status", cell: (r) => <Badge value={r.status} /> },
    {
      head: "Trigger",
      cell: (r) => (
        <>
          {r.trigger} <span className="muted">{r.triggeredBy}</span>
        </>
      ),
    },
    { head: "Ended", cell: (r) => <Time iso={r.endedAt} /> },
    { head: "Summary", cell: (r) => r.summary },
  ];
}

export function Jobs({ props }: { props: PageProps }) {
  const d = props.data;
  const job = props.query.job;
  return (
    <Shell props={props} title="Jobs">
      {props.problem ? <ProblemView problem={props.problem} /> : null}
      {d.jobs ? <JobTable jobs={d.jobs} runNow /> : null}
      {d.jobs ? (
        <dl className="facts job-notes">
          {d.jobs.map((j: Json) => (
            <Field key={j.name} label={j.name}>
              {j.description} <span className="muted">({formatDuration(j.cadence)}, timeout {j.timeout})</span>
            </Field>
          ))}
        </dl>
      ) : null}
      <section aria-labelledby="history-h">
        <h2 id="history-h">{job ? `History of ${job}` : "History of every job"}</h2>
        {job ? <a href={props.path}>Show every job</a> : null}
        {d.runs ? <ListTable label="Job runs" columns={runColumns((name) => href(props.path, {}, { job: name }))} rows={d.runs.items} rowKey={(r) => r.id} empty="No runs yet." /> : null}
        {d.runs ? <ListPager props={props} list={d.runs} base={job ? { job } : {}} noun="run" /> : null}
      </section>
    </Shell>
  );
}

function CreateOrg() {
  const { problem, busy, post } = useActionForm();
  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const body: Record<string, string> = {};
    for (const k of ["slug", "name", "timezone", "locale"]) {
      const v = String(f.get(k) ?? "").trim();
      if (v) body[k] = v;
    }
    const r = await post("/console/system/organizations", body);
    if (r.ok) reload();
  };
  return (
    <section className="card" aria-labelledby="create-h">
      <h2 id="create-h">Create an organization</h2>
      <form onSubmit={submit} className="inline">
        <label>
          Slug
          <input name="slug" required />
        </label>
        <label>
          Name
          <input name="name" required />
        </label>
        <label>
          Time zone
          <input name="timezone" placeholder="UTC" />
        </label>
        <label>
          Locale
          <input name="locale" placeholder="en" />
        </label>
        <SubmitButton busy={busy} label="Create" busyLabel="Creating…" />
      </form>
      {problem ? <ProblemView problem={problem} /> : null}
    </section>
  );
}

const ORG_COLUMNS: Column<Json>[] = [
  { head: "Slug", cell: (o) => <a href={orgPath(o.slug, "audit")}>{o.slug}</a> },
  { head: "Name", cell: (o) => o.name },
  { head: "Time zone", cell: (o) => o.timezone },
  { head: "Locale", cell: (o) => o.locale },
  { head: "Database", cell: (o) => <code>{o.databaseName}</code> },
  { head: "Created", cell: (o) => <Time iso={o.createdAt} /> },
];

export function Organizations({ props }: { props: PageProps }) {
  const list = props.data.list;
  return (
    <Shell props={props} title="Organizations">
      <CreateOrg />
      {props.problem ? <ProblemView problem={props.problem} /> : null}
      {list ? <ListTable label="Organizations" columns={ORG_COLUMNS} rows={list.items} rowKey={(o) => o.id} empty="No organizations yet." /> : null}
      {list ? <ListPager props={props} list={list} noun="organization" /> : null}
    </Shell>
  );
}

const RESOLVED_INCIDENT_COLUMNS: Column<Json>[] = [...INCIDENT_COLUMNS, { head: "Resolved", cell: (i) => <Time iso={i.resolvedAt} /> }];

export function Incidents({ props }: { props: PageProps }) {
  const state = props.query.state === "resolved" ? "resolved" : "active";
  const list = props.data.list;
  return (
    <Shell props={props} title="Incidents">
      <nav className="tabs" aria-label="Incident state">
        <a href={props.path} aria-current={state === "active" ? "page" : undefined}>
          Active
        </a>
        <a href={`${props.path}?state=resolved`} aria-current={state === "resolved" ? "page" : undefined}>
          Resolved
        </a>
      </nav>
      {props.problem ? <ProblemView problem={props.problem} /> : null}
      {list && state === "active" ? <IncidentTable items={list.items} /> : null}
      {list && state === "resolved" ? <ListTable label="Resolved incidents" columns={RESOLVED_INCIDENT_COLUMNS} rows={list.items} rowKey={(i) => i.id} empty="No resolved incidents." /> : null}
      {list ? <ListPager props={props} list={list} base={{ state }} noun="incident" /> : null}
    </Shell>
  );
}

function LicenseImport() {
  const { problem, setProblem, busy, post } = useActionForm();
  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const text = String(new FormData(e.currentTarget).get("envelope") ?? "");
    let envelope: Json;
    try {
      envelope = JSON.parse(text);
    } catch {
      setProblem({ title: "Malformed request", status: 400, detail: "envelope: the license file is not JSON", field: "envelope" });
      return;
    }
    const r = await post("/console/system/license", envelope);
    if (r.ok) reload();
  };
  return (
    <section className="card" aria-labelledby="import-h">
      <h2 id="import-h">Import a license</h2>
      <form onSubmit={submit} className="stack">
        <label>
          Signed license file (JSON)
          <textarea name="envelope" rows={6} required spellCheck={false} />
        </label>
        <SubmitButton busy={busy} label="Import" busyLabel="Importing…" />
      </form>
      {problem ? <ProblemView problem={problem} /> : null}
    </section>
  );
}

export function LicensePage({ props }: { props: PageProps }) {
  const l = props.data.license;
  return (
    <Shell props={props} title="License">
      {props.problem ? <ProblemView problem={props.problem} /> : null}
      {l ? (
        <>
          <section className="card" aria-labelledby="state-h">
            <h2 id="state-h">State</h2>
            <LicenseSummary license={l} />
            <dl className="facts">
              <Field label="License id">{l.licenseId ? <code>{l.licenseId}</code> : <span className="muted">none</span>}</Field>
              <Field label="Install id">
                <code>{l.installId}</code>
              </Field>
              <Field label="Issued">{l.issuedAt ? <Time iso={l.issuedAt} /> : <span className="muted">not issued</span>}</Field>
              <Field label="Grace ends">{l.graceEndsAt ? <Time iso={l.graceEndsAt} /> : <span className="muted">not applicable</span>}</Field>
              <Field label="Signed by key">{l.keyId ? <code>{l.keyId}</code> : <span className="muted">none</span>}</Field>
              <Field label="Connected">{l.connected ? "yes (refreshed from the control plane)" : "no (offline install)"}</Field>
              {l.problem ? <Field label="Problem">{l.problem}</Field> : null}
            </dl>
          </section>
          <section aria-labelledby="ent-h">
            <h2 id="ent-h">Entitlements</h2>
            <dl className="facts">
              <Field label="Organizations">{l.limits?.maxOrganizations ?? "unlimited"}</Field>
              <Field label="Members per organization">{l.limits?.maxMembersPerOrg ?? "unlimited"}</Field>
              <Field label="Features">{l.features && l.features.length ? l.features.join(", ") : <span className="muted">none</span>}</Field>
            </dl>
            {l.organizations && Object.keys(l.organizations).length ? <JsonView value={l.organizations} /> : <Empty>No per-organization terms.</Empty>}
          </section>
          <LicenseImport />
        </>
      ) : null}
    </Shell>
  );
}

const CHECK_COLUMNS: Column<Json>[] = [
  { head: "Dependency", cell: (c) => c.name },
  {
    head: "State",
    cell: (c) => (
      <>
        <Badge value={c.up ? "up" : "down"} /> {c.detail ?? ""}
      </>
    ),
  },
  {
    head: "Latency",
    cell: (c) => <>{c.latencyMillis} ms</>,
    className: "num",
  },
  { head: "Checked", cell: (c) => <Time iso={c.checkedAt} /> },
];

const POOL_COLUMNS: Column<Json>[] = [
  { head: "Database", cell: (p) => <code>{p.database}</code> },
  { head: "Open", cell: (p) => p.open, className: "num" },
  { head: "In use", cell: (p) => p.inUse, className: "num" },
];

export function Health({ props }: { props: PageProps }) {
  const h = props.data.health;
  return (
    <Shell props={props} title="Health">
      {props.problem ? <ProblemView problem={props.problem} /> : null}
      {h ? (
        <>
          <p className="lede">
            Readiness: <Badge value={h.status} />
          </p>
          <section aria-labelledby="deps-h">
            <h2 id="deps-h">Dependencies</h2>
            <ListTable columns={CHECK_COLUMNS} rows={h.checks} rowKey={(c) => c.name} />
          </section>
          <section aria-labelledby="pools-h">
            <h2 id="pools-h">Connection pools</h2>
            <dl className="facts">
              <Field label="Install database">
                {h.pools.install.active} active, {h.pools.install.idle} idle, {h.pools.install.waiting} waiting, at most {h.pools.install.max}
              </Field>
              <Field label="Organization databases">
                {h.pools.tenants.open} open of a cap of {h.pools.tenants.cap}
              </Field>
            </dl>
            <ListTable label="Organization pools" columns={POOL_COLUMNS} rows={h.pools.tenants.databases} rowKey={(p) => p.database} empty="No organization database has an open connection." />
          </section>
          <RawJson value={h} />
        </>
      ) : null}
    </Shell>
  );
}

function InviteAdmin() {
  const { problem, setProblem, busy, post } = useActionForm();
  const [invitation, setInvitation] = useState<Json>(null);
  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const r = await post("/console/system/admins/invite", { email: new FormData(e.currentTarget).get("email") });
    if (r.ok) {
      setProblem(null);
      setInvitation(r.body);
    }
  };
  return (
    <section className="card" aria-labelledby="invite-admin-h">
      <h2 id="invite-admin-h">Invite an install admin</h2>
      <form onSubmit={submit} className="inline">
        <label>
          Email
          <input type="email" name="email" required maxLength={254} />
        </label>
        <SubmitButton busy={busy} label="Invite" busyLabel="Inviting…" />
      </form>
      {problem ? <ProblemView problem={problem} /> : null}
      {invitation ? (
        <OneTimeToken
          what={
            <>
              Install admin invitation for <strong>{invitation.email}</strong>
            </>
          }
          token={invitation.token}
          expiresAt={invitation.expiresAt}
          where="/console/install-admin-invitation"
        />
      ) : null}
    </section>
  );
}

const ADMIN_COLUMNS: Column<Json>[] = [
  { head: "Email", cell: (a) => a.email },
  { head: "Status", cell: (a) => <Badge value={a.status} /> },
  { head: "Since", cell: (a) => <Time iso={a.createdAt} /> },
  {
    head: "Access",
    cell: (a) =>
      a.status === "active" ? (
        <ReasonAction label="Deactivate" busyLabel="Deactivating…" url={`/console/system/admins/${a.id}/deactivate`} subject={a.email} onDone={reload} />
      ) : (
        <ReasonAction label="Reactivate" busyLabel="Reactivating…" url={`/console/system/admins/${a.id}/reactivate`} subject={a.email} onDone={reload} />
      ),
  },
  {
    head: "Identity",
    cell: (a) => (
      <details className="identity">
        <summary>Second factor, password</summary>
        <ReasonAction label="Reset MFA" busyLabel="Resetting…" url={`/console/system/admins/${a.id}/mfa-reset`} subject={a.email} render={() => <p role="status">Second factor removed; {a.email} signs in with the password alone.</p>} />
        <ReasonAction label="Issue password reset" busyLabel="Issuing…" url={`/console/system/admins/${a.id}/password-reset`} subject={a.email} render={(b) => <ResetToken body={b} email={a.email} />} />
      </details>
    ),
  },
];

export function Admins({ props }: { props: PageProps }) {
  const list = props.data.list;
  return (
    <Shell props={props} title="Install admins">
      <InviteAdmin />
      {props.problem ? <ProblemView problem={props.problem} /> : null}
      <ListTable label="Install admins" columns={ADMIN_COLUMNS} rows={list.items} rowKey={(a) => a.id} empty="No install admins." />
      <ListPager props={props} list={list} noun="install admin" />
    </Shell>
  );
}
