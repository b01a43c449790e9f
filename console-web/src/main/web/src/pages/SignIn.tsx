import { useState } from "react";
import type { PageProps, Problem } from "../types";
import { postForm, problemOf } from "../ui/actions";
import { ProblemView } from "../ui/common";

/**
 * Email and password, and the organization for members; for an account with a second factor, then
 * a second form for its code. The forms post to the console, which keeps the API's challenge and
 * then the token in HttpOnly cookies: neither reaches the page.
 */
export function SignIn({ props }: { props: PageProps }) {
  const next = props.data?.next || props.query.next || "";
  const [step, setStep] = useState<"password" | "code">(props.data?.step === "code" ? "code" : "password");
  const [problem, setProblem] = useState<Problem | null>(props.problem);
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setBusy(true);
    const res = await postForm(e.currentTarget, "application/json");
    if (res && res.ok) {
      const body = await res.json();
      if (body.mfaRequired) {
        setBusy(false);
        setProblem(null);
        setStep("code");
        return;
      }
      window.location.assign(body.location);
      return;
    }
    setBusy(false);
    const p = await problemOf(res);
    setProblem(p);
    // the code came too late: the API's challenge is gone, so the password is asked again
    if (p.code === "sign-in-expired") setStep("password");
  };
  return (
    <main id="main" className="sign-in">
      <h1>Sign in to Palisade</h1>
      {problem ? <ProblemView problem={problem} /> : null}
      {step === "password" ? (
        <form method="post" action="/console/sign-in" className="stack" onSubmit={submit} key="password">
          <input type="hidden" name="csrf" value={props.csrf} />
          <input type="hidden" name="next" value={next} />
          <label>
            Email
            <input type="email" name="email" autoComplete="username" required defaultValue={props.data?.email ?? ""} />
          </label>
          <label>
            Password
            <input type="password" name="password" autoComplete="current-password" required />
          </label>
          <label>
            Organization <small>(its slug; leave empty to sign in as an install admin)</small>
            <input type="text" name="org" autoComplete="organization" defaultValue={props.data?.org ?? ""} />
          </label>
          <button type="submit" disabled={busy} aria-busy={busy}>
            {busy ? "Signing in…" : "Sign in"}
          </button>
        </form>
      ) : (
        <form method="post" action="/console/sign-in/mfa" className="stack" onSubmit={submit} key="code" aria-label="Second factor">
          <p className="lede">This account has a second factor. Enter the 6-digit code your authenticator app shows now, or one of your recovery codes.</p>
          <input type="hidden" name="csrf" value={props.csrf} />
          <input type="hidden" name="next" value={next} />
          <label>
            Code <small>(6 digits, or a recovery code such as k7m2q-9xw4c)</small>
            <input type="text" name="code" autoComplete="one-time-code" spellCheck={false} required maxLength={32} autoFocus />
          </label>
          <button type="submit" disabled={busy} aria-busy={busy}>
            {busy ? "Checking…" : "Verify"}
          </button>
          <a href="/console/sign-in">Start again</a>
        </form>
      )}
    </main>
  );
}
