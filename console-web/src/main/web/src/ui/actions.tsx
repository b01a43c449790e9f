import { createContext, useContext, useState } from "react";
import type { Json, Problem } from "../types";
import { ProblemView } from "./common";

export const CsrfContext = createContext("");

export type ActionResult = { ok: true; status: number; body: Json } | { ok: false; problem: Problem };

/** Sends a state-changing request to a console route with the CSRF token; answers what the API said. */
export async function postAction(csrf: string, url: string, body?: Json, method = "POST"): Promise<ActionResult> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      credentials: "same-origin",
      // the page is served with Referrer-Policy: no-referrer; this request alone may name its
      // origin (to this same origin only), so that the server sees where it came from
      referrerPolicy: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": csrf },
      body: body === undefined ? "{}" : JSON.stringify(body),
    });
  } catch {
    return { ok: false, problem: { title: "Network error", status: 0, detail: "the server could not be reached" } };
  }
  const text = await res.text();
  let parsed: Json = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (res.ok) return { ok: true, status: res.status, body: parsed };
  const problem: Problem =
    parsed && typeof parsed === "object" && parsed.title
      ? parsed
      : { title: res.statusText || "Request failed", status: res.status, requestId: res.headers.get("X-Request-ID") ?? undefined };
  return { ok: false, problem };
}

/** A button that runs one action and shows its progress, then its result or its problem. */
export function ActionButton({
  label,
  busyLabel,
  url,
  body,
  render,
  onDone,
  className,
}: {
  label: string;
  busyLabel: string;
  url: string;
  body?: Json;
  render?: (body: Json) => React.ReactNode;
  onDone?: (body: Json) => void;
  className?: string;
}) {
  const csrf = useContext(CsrfContext);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ActionResult | null>(null);
  const run = async () => {
    setBusy(true);
    setResult(null);
    const r = await postAction(csrf, url, body);
    setBusy(false);
    setResult(r);
    if (r.ok && onDone) onDone(r.body);
  };
  return (
    <div className={`action ${className ?? ""}`}>
      <button type="button" onClick={run} disabled={busy} aria-busy={busy}>
        {busy ? busyLabel : label}
      </button>
      <div className="action-result" aria-live="polite">
        {result && result.ok && render ? render(result.body) : null}
        {result && !result.ok ? <ProblemView problem={result.problem} /> : null}
      </div>
    </div>
  );
}

/**
 * The state of a form that posts to one action: `post` sends a body and answers the result, busy
 * while it waits; a failure becomes `problem`. `csrf` is for a form outside the shell's context.
 */
export function useActionForm(csrf?: string) {
  const context = useContext(CsrfContext);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const post = async (url: string, body: Json): Promise<ActionResult> => {
    setBusy(true);
    const r = await postAction(csrf ?? context, url, body);
    setBusy(false);
    if (!r.ok) setProblem(r.problem);
    return r;
  };
  return { problem, setProblem, busy, post };
}

/** The submit button of such a form, which says so while the action runs. */
export function SubmitButton({ busy, label, busyLabel }: { busy: boolean; label: string; busyLabel: string }) {
  return (
    <button type="submit" disabled={busy} aria-busy={busy}>
      {busy ? busyLabel : label}
    </button>
  );
}

/**
 * Posts a form of the page to its console route as the browser would, but from script so that
 * the request names its origin (the page's Referrer-Policy makes a plain form post send
 * "Origin: null"). Answers the fetch response.
 */
export async function postForm(form: HTMLFormElement, accept: string): Promise<Response | null> {
  const body = new URLSearchParams();
  new FormData(form).forEach((v, k) => body.append(k, String(v)));
  try {
    // getAttribute: a field named "action" (the audit filter) would shadow form.action
    return await fetch(form.getAttribute("action") ?? "", {
      method: "POST",
      credentials: "same-origin",
      referrerPolicy: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: accept },
      body,
    });
  } catch {
    return null;
  }
}

/** The problem document of a failed response, or a generic one naming its status. */
export async function problemOf(res: Response | null): Promise<Problem> {
  if (!res) return { title: "Network error", status: 0, detail: "the server could not be reached" };
  try {
    const p = await res.json();
    if (p && p.title) return p;
  } catch {
    // not JSON
  }
  return { title: res.statusText || "Request failed", status: res.status, requestId: res.headers.get("X-Request-ID") ?? undefined };
}

/** Reloads the page so that server-rendered data shows the change just made. */
export function reload() {
  window.location.reload();
}

/**
 * An action that needs a reason (resetting a second factor, issuing a password reset, deactivating
 * an install admin): a reason field and a button. On success, `onDone` runs, or `render` shows
 * what the API answered (a one-time token) in place.
 */
export function ReasonAction({
  label,
  busyLabel,
  url,
  subject,
  render,
  onDone,
}: {
  label: string;
  busyLabel: string;
  url: string;
  subject: string;
  render?: (body: Json) => React.ReactNode;
  onDone?: (body: Json) => void;
}) {
  const { problem, setProblem, busy, post } = useActionForm();
  const [result, setResult] = useState<{ body: Json } | null>(null);
  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const r = await post(url, { reason: f.get("reason") });
    if (!r.ok) return;
    setProblem(null);
    if (onDone) onDone(r.body);
    else setResult({ body: r.body });
  };
  return (
    <form onSubmit={submit} className="inline reason-action" aria-label={`${label}: ${subject}`}>
      <input name="reason" required maxLength={1000} placeholder="reason (required)" aria-label={`Reason to ${label.toLowerCase()} for ${subject}`} />
      <button type="submit" disabled={busy} aria-busy={busy}>
        {busy ? busyLabel : label}
      </button>
      {problem ? <ProblemView problem={problem} /> : null}
      {result && render ? render(result.body) : null}
    </form>
  );
}
