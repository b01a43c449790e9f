import type { Json, Problem } from "../types";

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
  resolved: "muted",
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

export function JsonView({ value }: { value: Json }) {
  return <pre className="json">{JSON.stringify(value, null, 2)}</pre>;
}

export function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="field">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function short(hash: string | null | undefined, n = 12): string {
  return hash ? hash.slice(0, n) : "";
}
