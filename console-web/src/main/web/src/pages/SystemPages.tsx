import { useContext, useState } from "react";
import type { Json, PageProps, Problem } from "../types";
import { CsrfContext, postAction, reload } from "../ui/actions";
import { Badge, Empty, Field, JsonView, Pager, ProblemView } from "../ui/common";
import { href, orgPath, submitFilters } from "../ui/links";
import { Shell } from "../ui/shell";
import { formatDuration, Time } from "../ui/time";
import { AuditLogBody } from "./AuditLog";
import { EventDetail, EventFilters, EventTable } from "./Events";
import { IncidentTable, JobTable, LicenseSummary } from "./Operations";

const TABS = [
  { id: "events", label: "Security events" },
  { id: "audit", label: "Install audit chain" },
  { id: "evidence", label: "Operation evidence" },
];

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
      {list && list.items.length === 0 ? <Empty>No receipts match these filters.</Empty> : null}
      {list && list.items.length > 0 ? (
        <table className="list" aria-label="Receipts">
          <thead>
            <tr>
              <th scope="col">Issued</th>
              <th scope="col">Operation</th>
              <th scope="col">Outcome</th>
              <th scope="col">Organization</th>
              <th scope="col">Subject</th>
              <th scope="col">Actor</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((r: Json) => (
              <tr key={r.id} data-row>
                <td>
                  <a href={href(props.path, base, { receipt: r.id })}>
                    <Time iso={r.issuedAt} />
                  </a>
                </td>
                <td>
                  <code>{r.operation}</code>
                </td>
                <td>
                  <Badge value={r.outcome} />
                </td>
                <td>{r.org === "install" ? "install" : r.org?.slug ?? r.org?.id}</td>
                <td>{r.subject}</td>
                <td>
                  <code>{r.actor}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {list ? <Pager count={list.items.length} noun="receipt" next={list.nextCursor ? href(props.path, base, { cursor: list.nextCursor }) : null} first={props.query.cursor ? href(props.path, base) : null} /> : null}
      {receipt ? (
        <aside className="drawer" aria-labelledby="receipt-h">
          <div className="drawer-head">
            <h2 id="receipt-h">
              Receipt <code>{receipt.receipt.operation}</code>
            </h2>
            <a href={href(props.path, base)} data-close-drawer className="close" aria-label="Close receipt">
              Close
            </a>
          </div>
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
        </aside>
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
        {d.runs && d.runs.items.length === 0 ? <Empty>No runs yet.</Empty> : null}
        {d.runs && d.runs.items.length > 0 ? (
          <table className="list" aria-label="Job runs">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Job</th>
                <th scope="col">Status</th>
                <th scope="col">Trigger</th>
                <th scope="col">Ended</th>
                <th scope="col">Summary</th>
              </tr>
            </thead>
            <tbody>
              {d.runs.items.map((r: Json) => (
                <tr key={r.id} data-row>
                  <td>
                    <Time iso={r.startedAt} />
                  </td>
                  <td>
                    <a href={href(props.path, {}, { job: r.job })}>{r.job}</a>
                  </td>
                  <td>
                    <Badge value={r.status} />
                  </td>
                  <td>
                    {r.trigger} <span className="muted">{r.triggeredBy}</span>
                  </td>
                  <td>
                    <Time iso={r.endedAt} />
                  </td>
                  <td>{r.summary}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {d.runs ? (
          <Pager count={d.runs.items.length} noun="run" next={d.runs.nextCursor ? href(props.path, job ? { job } : {}, { cursor: d.runs.nextCursor }) : null} first={props.query.cursor ? href(props.path, job ? { job } : {}) : null} />
        ) : null}
      </section>
    </Shell>
  );
}

function CreateOrg() {
  const csrf = useContext(CsrfContext);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const body: Record<string, string> = {};
    for (const k of ["slug", "name", "timezone", "locale"]) {
      const v = String(f.get(k) ?? "").trim();
      if (v) body[k] = v;
    }
    setBusy(true);
    const r = await postAction(csrf, "/console/system/organizations", body);
    setBusy(false);
    if (r.ok) reload();
    else setProblem(r.problem);
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
        <button type="submit" disabled={busy} aria-busy={busy}>
          {busy ? "Creating…" : "Create"}
        </button>
      </form>
      {problem ? <ProblemView problem={problem} /> : null}
    </section>
  );
}

export function Organizations({ props }: { props: PageProps }) {
  const list = props.data.list;
  return (
    <Shell props={props} title="Organizations">
      <CreateOrg />
      {props.problem ? <ProblemView problem={props.problem} /> : null}
      {list && list.items.length === 0 ? <Empty>No organizations yet.</Empty> : null}
      {list && list.items.length > 0 ? (
        <table className="list" aria-label="Organizations">
          <thead>
            <tr>
              <th scope="col">Slug</th>
              <th scope="col">Name</th>
              <th scope="col">Time zone</th>
              <th scope="col">Locale</th>
              <th scope="col">Database</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((o: Json) => (
              <tr key={o.id} data-row>
                <td>
                  <a href={orgPath(o.slug, "audit")}>{o.slug}</a>
                </td>
                <td>{o.name}</td>
                <td>{o.timezone}</td>
                <td>{o.locale}</td>
                <td>
                  <code>{o.databaseName}</code>
                </td>
                <td>
                  <Time iso={o.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {list ? <Pager count={list.items.length} noun="organization" next={list.nextCursor ? href(props.path, {}, { cursor: list.nextCursor }) : null} first={props.query.cursor ? props.path : null} /> : null}
    </Shell>
  );
}

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
      {list && state === "resolved" ? (
        list.items.length === 0 ? (
          <Empty>No resolved incidents.</Empty>
        ) : (
          <table className="list" aria-label="Resolved incidents">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Subject</th>
                <th scope="col">Summary</th>
                <th scope="col">Opened</th>
                <th scope="col">Resolved</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((i: Json) => (
                <tr key={i.id} data-row>
                  <td>
                    <code>{i.kind}</code>
                  </td>
                  <td>{i.org?.slug ?? i.subject}</td>
                  <td>{i.summary}</td>
                  <td>
                    <Time iso={i.openedAt} />
                  </td>
                  <td>
                    <Time iso={i.resolvedAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
      {list ? <Pager count={list.items.length} noun="incident" next={list.nextCursor ? href(props.path, { state }, { cursor: list.nextCursor }) : null} first={props.query.cursor ? href(props.path, { state }) : null} /> : null}
    </Shell>
  );
}

function LicenseImport() {
  const csrf = useContext(CsrfContext);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
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
    setBusy(true);
    const r = await postAction(csrf, "/console/system/license", envelope);
    setBusy(false);
    if (r.ok) reload();
    else setProblem(r.problem);
  };
  return (
    <section className="card" aria-labelledby="import-h">
      <h2 id="import-h">Import a license</h2>
      <form onSubmit={submit} className="stack">
        <label>
          Signed license file (JSON)
          <textarea name="envelope" rows={6} required spellCheck={false} />
        </label>
        <button type="submit" disabled={busy} aria-busy={busy}>
          {busy ? "Importing…" : "Import"}
        </button>
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
            <table className="list">
              <thead>
                <tr>
                  <th scope="col">Dependency</th>
                  <th scope="col">State</th>
                  <th scope="col">Latency</th>
                  <th scope="col">Checked</th>
                </tr>
              </thead>
              <tbody>
                {h.checks.map((c: Json) => (
                  <tr key={c.name} data-row>
                    <td>{c.name}</td>
                    <td>
                      <Badge value={c.up ? "up" : "down"} /> {c.detail ?? ""}
                    </td>
                    <td className="num">{c.latencyMillis} ms</td>
                    <td>
                      <Time iso={c.checkedAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
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
            {h.pools.tenants.databases.length === 0 ? (
              <Empty>No organization database has an open connection.</Empty>
            ) : (
              <table className="list" aria-label="Organization pools">
                <thead>
                  <tr>
                    <th scope="col">Database</th>
                    <th scope="col">Open</th>
                    <th scope="col">In use</th>
                  </tr>
                </thead>
                <tbody>
                  {h.pools.tenants.databases.map((p: Json) => (
                    <tr key={p.database} data-row>
                      <td>
                        <code>{p.database}</code>
                      </td>
                      <td className="num">{p.open}</td>
                      <td className="num">{p.inUse}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <details>
            <summary>Raw JSON</summary>
            <JsonView value={h} />
          </details>
        </>
      ) : null}
    </Shell>
  );
}
