import type { Json, PageProps, Problem } from "../types";
import { href } from "./links";

export function ProblemView({ problem }: { problem: Problem }) {
  return (
    <div className="problem" role="alert">
      <strong className="problem-title">{problem.title}</strong>
      {problem.status ? <span className="problem-status"> ({problem.status})</span> : null}
      {problem.detail ? <p className="problem-detail">{problem.detail}</p> : null}
      {problem.requestId ? (
        <p className="problem-request">
          Request id <code>{problem.requestId}</code>
        </p>
      ) : null}
    </div>
  );
}

export function Empty({ children }: { children: React.ReactNode }) {
  return <p className="empty">{children}</p>;
}

const TONE: Record<string, string> = {
  success: "good", succeeded: "good", active: "good", intact: "good", valid: "good", ok: "good", up: "good", ready: "good",
  partial: "warn", warning: "warn", expiring: "warn", grace: "warn", evaluation: "info", offline: "info", info: "info",
  failed: "bad", broken: "bad", critical: "bad", high: "bad", expired: "bad", invalid: "bad", deactivated: "muted", down: "bad",
  resolved: "muted", passed: "good", completed: "good", cancelled: "muted", skipped: "muted", inactive: "muted", pending: "info", running: "info",
  connected: "good", disconnected: "bad",
};

/** A short state; `tone` overrides the usual colour (an "active" incident is bad news). */
export function Badge({ value, tone }: { value: string | null | undefined; tone?: string }) {
  if (!value) return null;
  return <span className={`badge badge-${tone ?? TONE[value] ?? "plain"}`}>{value}</span>;
}

/** A paging footer that says honestly whether there is more. */
export function Pager({ count, next, first, noun, plural }: { count: number; next: string | null; first: string | null; noun: string; plural?: string }) {
  return (
    <nav className="pager" aria-label="Paging">
      <span className="pager-count">
        {count} {count === 1 ? noun : plural ?? `${noun}s`} on this page{next ? "; more exist" : "; no more"}
      </span>
      {first ? <a href={first}>First page</a> : null}
      {next ? (
        <a href={next} rel="next">
          Next page
        </a>
      ) : null}
    </nav>
  );
}

/** The pager of a cursor-paged list: each page's link keeps `base` (the filters, the tab). */
export function ListPager({ props, list, base = {}, noun, plural }: { props: PageProps; list: Json; base?: Record<string, string>; noun: string; plural?: string }) {
  return (
    <Pager
      count={list.items.length}
      noun={noun}
      plural={plural}
      next={list.nextCursor ? href(props.path, base, { cursor: list.nextCursor }) : null}
      first={props.query.cursor ? href(props.path, base) : null}
    />
  );
}

/** One column of a ListTable: its heading and what each row shows in it. */
export type Column<T> = { head: React.ReactNode; cell: (row: T) => React.ReactNode; className?: string };

/**
 * A table of rows, one `data-row` each (the rows j / k move through; `navigable` false leaves them
 * out), under a header row of column headings; with `empty`, what to say instead when there are no
 * rows. `className` null leaves the table without a class.
 */
export function ListTable<T>({
  label,
  columns,
  rows,
  rowKey,
  rowClass,
  empty,
  className = "list",
  navigable = true,
}: {
  label?: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string | number;
  rowClass?: (row: T) => string;
  empty?: React.ReactNode;
  className?: string | null;
  navigable?: boolean;
}) {
  if (rows.length === 0 && empty !== undefined) return <Empty>{empty}</Empty>;
  return (
    <table className={className ?? undefined} aria-label={label}>
      <thead>
        <tr>
          {columns.map((c, i) => (
            <th key={i} scope="col">
              {c.head}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)} data-row={navigable || undefined} className={rowClass?.(row)}>
            {columns.map((c, i) => (
              <td key={i} className={c.className}>
                {c.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A side panel on one item of a list, with a heading (`id` names it) and a link that closes it. */
export function Drawer({ id, title, closeHref, closeLabel, children }: { id: string; title: React.ReactNode; closeHref: string; closeLabel: string; children: React.ReactNode }) {
  return (
    <aside className="drawer" aria-labelledby={id}>
      <div className="drawer-head">
        <h2 id={id}>{title}</h2>
        <a href={closeHref} data-close-drawer className="close" aria-label={closeLabel}>
          Close
        </a>
      </div>
      {children}
    </aside>
  );
}

export function JsonView({ value }: { value: Json }) {
  return <pre className="json">{JSON.stringify(value, null, 2)}</pre>;
}

/** The whole of a value as the API gave it, folded away. */
export function RawJson({ value }: { value: Json }) {
  return (
    <details>
      <summary>Raw JSON</summary>
      <JsonView value={value} />
    </details>
  );
}

export function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="field">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** The fields of a filter form that bound a time range: from (inclusive) and to (exclusive). */
export function TimeRangeFields({ query }: { query: Record<string, string> }) {
  return (
    <>
      <label>
        From <small>(RFC 3339)</small>
        <input name="from" defaultValue={query.from ?? ""} placeholder="2026-01-31T00:00:00Z" />
      </label>
      <label>
        To <small>(exclusive)</small>
        <input name="to" defaultValue={query.to ?? ""} placeholder="2026-02-01T00:00:00Z" />
      </label>
    </>
  );
}

export function short(hash: string | null | undefined, n = 12): string {
  return hash ? hash.slice(0, n) : "";
}
