import { useContext, useState } from "react";
import type { Json, PageProps, Problem } from "../types";
import { ActionButton, CsrfContext, postForm, problemOf } from "../ui/actions";
import { Drawer, Empty, Field, JsonView, ListPager, ListTable, ProblemView, RawJson, short, TimeRangeFields } from "../ui/common";
import type { Column } from "../ui/common";
import { href, submitFilters } from "../ui/links";
import { Time } from "../ui/time";

export const AUDIT_FILTERS = ["actor", "action", "subjectType", "q", "from", "to", "sort"] as const;

function Verification({ v }: { v: Json }) {
  if (v.status === "intact") {
    return (
      <div className="verify verify-intact" role="status">
        <strong>Intact</strong>, {v.entries} entries, head #{v.head?.sequence} <code title={v.head?.chainHash}>{short(v.head?.chainHash, 16)}</code>
        {v.checkpointsChecked ? `, ${v.checkpointsChecked} signed checkpoints checked` : ""}
      </div>
    );
  }
  return (
    <div className="verify verify-broken" role="alert">
      <strong>
        Broken between entries {v.lastGoodSequence} and {v.firstBadSequence}
      </strong>
      {v.detail ? <p>{v.detail}</p> : null}
      {v.truncation ? <p>Truncation: {typeof v.truncation === "string" ? v.truncation : JSON.stringify(v.truncation)}</p> : null}
      {v.checkpointMismatches && v.checkpointMismatches.length ? <p>Checkpoint mismatches: {JSON.stringify(v.checkpointMismatches)}</p> : null}
    </div>
  );
}

export function VerifyButton({ url }: { url: string }) {
  return <ActionButton label="Verify chain" busyLabel="Verifying…" url={url} render={(v) => <Verification v={v} />} />;
}

function FilterForm({ props, actionPrefix }: { props: PageProps; actionPrefix: boolean }) {
  const q = props.query;
  const now = new Date(props.now);
  const ago = (h: number) => new Date(now.getTime() - h * 3600_000).toISOString().replace(/\.\d+Z$/, "Z");
  return (
    <form method="get" action={props.path} className="filters" onSubmit={submitFilters} role="search" aria-label="Filter entries">
      <label>
        Actor
        <input name="actor" defaultValue={q.actor ?? ""} placeholder="member:<id>" />
      </label>
      <label>
        Action {actionPrefix ? <small>(prefix)</small> : null}
        <input name="action" defaultValue={q.action ?? ""} placeholder="role." />
      </label>
      <label>
        Subject type
        <input name="subjectType" defaultValue={q.subjectType ?? ""} placeholder="member" />
      </label>
      <label>
        Text
        <input name="q" type="search" defaultValue={q.q ?? ""} placeholder="words in subject or reason" />
      </label>
      <TimeRangeFields query={q} />
      <label>
        Sort
        <select name="sort" defaultValue={q.sort ?? "newest"}>
          <option value="newest">Newest first</option>
          <option value="oldest">Oldest first</option>
        </select>
      </label>
      <div className="filter-actions">
        <button type="submit">Apply</button>
        <a href={props.path}>Reset</a>
        <a href={href(props.path, filtersOf(q), { from: ago(24), to: null })}>Last 24 hours</a>
        <a href={href(props.path, filtersOf(q), { from: ago(24 * 7), to: null })}>Last 7 days</a>
      </div>
    </form>
  );
}

export function filtersOf(q: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of AUDIT_FILTERS) if (q[k]) out[k] = q[k];
  return out;
}

function ExportForm({ props, url }: { props: PageProps; url: string }) {
  const csrf = useContext(CsrfContext);
  const f = filtersOf(props.query);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    const res = await postForm(e.currentTarget, "*/*");
    if (res && res.ok) {
      const name = /filename="([^"]+)"/.exec(res.headers.get("Content-Disposition") ?? "")?.[1] ?? "audit-export";
      const link = document.createElement("a");
      link.href = URL.createObjectURL(await res.blob());
      link.download = name;
      document.body.appendChild(link);
      link.click();
      link.remove();
      window.setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
    } else {
      setProblem(await problemOf(res));
    }
    setBusy(false);
  };
  return (
    <form method="post" action={url} className="export" aria-label="Export" onSubmit={submit}>
      <input type="hidden" name="csrf" value={csrf} />
      {Object.entries(f).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <label>
        Export format
        <select name="format" defaultValue="csv">
          <option value="csv">CSV</option>
          <option value="ndjson">NDJSON</option>
        </select>
      </label>
      <button type="submit" disabled={busy} aria-busy={busy}>
        {busy ? "Exporting…" : "Export this filter"}
      </button>
      {problem ? <ProblemView problem={problem} /> : null}
    </form>
  );
}

function actorLabel(a: Json): string {
  return a ? a.id ?? a.type : "";
}

function EntryDrawer({ entry, closeHref }: { entry: Json; closeHref: string }) {
  return (
    <Drawer
      id="entry-h"
      title={
        <>
          #{entry.sequence} <code>{entry.action}</code>
        </>
      }
      closeHref={closeHref}
      closeLabel="Close entry"
    >
      <dl className="facts">
        <Field label="Occurred">
          <Time iso={entry.occurredAt} />
        </Field>
        <Field label="Actor">
          <code>{actorLabel(entry.actor)}</code> ({entry.actor?.type})
        </Field>
        <Field label="Subject">
          {entry.subject ? (
            <>
              {entry.subject.type} <code>{entry.subject.id}</code>
            </>
          ) : (
            <span className="muted">none</span>
          )}
        </Field>
        <Field label="Reason">{entry.reason ? <span className="reason">{entry.reason}</span> : <span className="muted">none</span>}</Field>
        <Field label="Entry id">
          <code>{entry.id}</code>
        </Field>
      </dl>
      <h3>Changes</h3>
      {entry.diff && entry.diff.length ? (
        <table className="diff">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {entry.diff.map((d: Json) => (
              <tr key={d.field}>
                <th scope="row">{d.field}</th>
                <td className="before">{d.before === undefined || d.before === null ? <span className="muted">(none)</span> : String(typeof d.before === "object" ? JSON.stringify(d.before) : d.before)}</td>
                <td className="after">{d.after === undefined || d.after === null ? <span className="muted">(none)</span> : String(typeof d.after === "object" ? JSON.stringify(d.after) : d.after)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Empty>This entry records no before/after change.</Empty>
      )}
      {entry.metadata ? (
        <>
          <h3>Public metadata</h3>
          <JsonView value={entry.metadata} />
        </>
      ) : null}
      <h3>Hashes</h3>
      <dl className="facts">
        <Field label="Content hash">
          <code className="hash">{entry.contentHash}</code>
        </Field>
        <Field label="Chain hash">
          <code className="hash">{entry.chainHash}</code>
        </Field>
      </dl>
      <RawJson value={entry} />
    </Drawer>
  );
}

function entryColumns(entryHref: (id: string) => string): Column<Json>[] {
  return [
    {
      head: "#",
      cell: (e) => (
        <a href={entryHref(e.id)} aria-label={`Open entry ${e.sequence}`}>
          {e.sequence}
        </a>
      ),
      className: "num",
    },
    { head: "Time", cell: (e) => <Time iso={e.occurredAt} /> },
    { head: "Actor", cell: (e) => <code>{actorLabel(e.actor)}</code> },
    { head: "Action", cell: (e) => <code>{e.action}</code> },
    { head: "Subject", cell: (e) => (e.subject ? `${e.subject.type} ${e.subject.id}` : "") },
    { head: "Reason", cell: (e) => e.reason ?? "", className: "reason" },
  ];
}

/** The audit log of an organization or of the install: filters in the URL, cursor paging, drawer. */
export function AuditLogBody({ props, verifyUrl, exportUrl }: { props: PageProps; verifyUrl: string; exportUrl: string | null }) {
  const d = props.data;
  const list = d.list;
  const filters = filtersOf(props.query);
  const base = { ...filters, ...(props.query.tab ? { tab: props.query.tab } : {}) };
  const entryHref = (id: string) => href(props.path, { ...base, ...(props.query.cursor ? { cursor: props.query.cursor } : {}) }, { entry: id });
  const closeHref = href(props.path, { ...base, ...(props.query.cursor ? { cursor: props.query.cursor } : {}) });
  return (
    <div className={d.entry ? "with-drawer" : ""}>
      <div className="toolbar">
        <VerifyButton url={verifyUrl} />
        {exportUrl ? <ExportForm props={props} url={exportUrl} /> : null}
      </div>
      <FilterForm props={props} actionPrefix />
      {props.problem ? <ProblemView problem={props.problem} /> : null}
      {list ? (
        <ListTable
          label="Audit entries"
          columns={entryColumns(entryHref)}
          rows={list.items}
          rowKey={(e) => e.id}
          rowClass={(e) => (d.entry && d.entry.id === e.id ? "open" : "")}
          empty="No entries match these filters."
        />
      ) : null}
      {list ? <ListPager props={props} list={list} base={base} noun="entry" plural="entries" /> : null}
      {d.entryProblem ? <ProblemView problem={d.entryProblem} /> : null}
      {d.entry ? <EntryDrawer entry={d.entry} closeHref={closeHref} /> : null}
    </div>
  );
}
