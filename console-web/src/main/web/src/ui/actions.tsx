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

/** Reloads the page so that server-rendered data shows the change just made. */
export function reload() {
  window.location.reload();
}
