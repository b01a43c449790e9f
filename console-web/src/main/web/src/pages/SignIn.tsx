import { useState } from "react";
import type { PageProps, Problem } from "../types";
import { postForm, problemOf } from "../ui/actions";
import { ProblemView } from "../ui/common";

/**
 * Email and password, and the organization for members. A second factor will be asked for here
 * once accounts can enroll one; the form posts to the console, which keeps the token in an
 * HttpOnly cookie.
 */
export function SignIn({ props }: { props: PageProps }) {
  const next = props.query.next ?? "";
  const [problem, setProblem] = useState<Problem | null>(props.problem);
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setBusy(true);
    const res = await postForm(e.currentTarget, "application/json");
    if (res && res.ok) {
      const body = await res.json();
      window.location.assign(body.location);
      return;
    }
    setBusy(false);
    setProblem(await problemOf(res));
  };
  return (
    <main id="main" className="sign-in">
      <h1>Sign in to Palisade</h1>
      {problem ? <ProblemView problem={problem} /> : null}
      <form method="post" action="/console/sign-in" className="stack" onSubmit={submit}>
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
    </main>
  );
}
