import { useState } from "react";
import type { Json, PageProps } from "../types";
import { reload, SubmitButton, useActionForm } from "../ui/actions";
import { Badge, Field, ProblemView } from "../ui/common";
import { Shell } from "../ui/shell";

/** A Base32 secret in groups of four, as authenticator apps ask for it to be typed. */
function grouped(secret: string): string {
  return (secret.match(/.{1,4}/g) ?? []).join(" ");
}

function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <div className="one-time" role="alert">
      <p>
        <strong>Save these ten recovery codes now.</strong> They are shown only this once. Each signs you in once in place of a code from your app, if you lose it. Keep them somewhere safe, away from
        your password.
      </p>
      <ol className="codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <a className="button" href="/console">
        I have saved them — continue
      </a>
    </div>
  );
}

function Enrol({ pending, onConfirmed }: { pending: boolean; onConfirmed: (recoveryCodes: string[]) => void }) {
  const start = useActionForm();
  const confirm = useActionForm();
  const [secret, setSecret] = useState<Json>(null);
  const begin = async () => {
    const r = await start.post("/console/account/mfa/enroll", {});
    if (r.ok) {
      start.setProblem(null);
      setSecret(r.body);
    }
  };
  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const r = await confirm.post("/console/account/mfa/confirm", { code: String(new FormData(e.currentTarget).get("code") ?? "").trim() });
    if (r.ok) {
      confirm.setProblem(null);
      onConfirmed(r.body.recoveryCodes);
    }
  };
  return (
    <div className="stack">
      {pending && !secret ? <p className="muted">An enrolment was started but not confirmed; its key is not shown again. Start again for a new one.</p> : null}
      {!secret ? (
        <div>
          <button type="button" onClick={begin} disabled={start.busy} aria-busy={start.busy}>
            {start.busy ? "Creating a key…" : "Set up an authenticator app"}
          </button>
          {start.problem ? <ProblemView problem={start.problem} /> : null}
        </div>
      ) : (
        <>
          <ol className="steps">
            <li>
              In your authenticator app, add an account with this key (time-based, 6 digits, 30 seconds):
              <code className="secret" data-secret={secret.secret}>
                {grouped(secret.secret)}
              </code>
              or, on a device with the app, <a href={secret.otpauthUri}>open this otpauth link</a>:
              <code className="token">{secret.otpauthUri}</code>
            </li>
            <li>Enter the code the app shows to confirm.</li>
          </ol>
          <form onSubmit={submit} className="inline" aria-label="Confirm the second factor">
            <label>
              Code from the app
              <input name="code" inputMode="numeric" autoComplete="one-time-code" required maxLength={32} />
            </label>
            <SubmitButton busy={confirm.busy} label="Confirm" busyLabel="Confirming…" />
          </form>
          {confirm.problem ? <ProblemView problem={confirm.problem} /> : null}
        </>
      )}
    </div>
  );
}

function Disable() {
  const { problem, busy, post } = useActionForm();
  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const r = await post("/console/account/mfa/disable", { code: String(new FormData(e.currentTarget).get("code") ?? "").trim() });
    if (r.ok) reload();
  };
  return (
    <>
      <form onSubmit={submit} className="inline" aria-label="Turn off the second factor">
        <label>
          Current code or a recovery code
          <input name="code" autoComplete="one-time-code" required maxLength={32} />
        </label>
        <SubmitButton busy={busy} label="Turn off" busyLabel="Turning off…" />
      </form>
      {problem ? <ProblemView problem={problem} /> : null}
    </>
  );
}

/** A new password, typed twice (the second as `repeat`, compared before anything is sent). */
function NewPassword({ name }: { name: string }) {
  return (
    <>
      <label>
        New password <small>(at least 12 characters; not a common password)</small>
        <input type="password" name={name} autoComplete="new-password" required maxLength={256} />
      </label>
      <label>
        New password again
        <input type="password" name="repeat" autoComplete="new-password" required maxLength={256} />
      </label>
    </>
  );
}

function ChangePassword() {
  const { problem, setProblem, busy, post } = useActionForm();
  const [changed, setChanged] = useState(false);
  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    if (f.get("newPassword") !== f.get("repeat")) {
      setProblem({ title: "Passwords differ", status: 422, detail: "repeat: must be the same as the new password", field: "repeat" });
      return;
    }
    setChanged(false);
    const r = await post("/console/account/password", { currentPassword: f.get("currentPassword"), newPassword: f.get("newPassword") });
    if (r.ok) {
      setProblem(null);
      setChanged(true);
      form.reset();
    }
  };
  return (
    <>
      <form onSubmit={submit} className="stack narrow" aria-label="Change password">
        <label>
          Current password
          <input type="password" name="currentPassword" autoComplete="current-password" required maxLength={256} />
        </label>
        <NewPassword name="newPassword" />
        <SubmitButton busy={busy} label="Change password" busyLabel="Changing…" />
      </form>
      {problem ? <ProblemView problem={problem} /> : null}
      {changed ? (
        <p role="status" className="done">
          Password changed. Every other session of this account is signed out; this one goes on.
        </p>
      ) : null}
    </>
  );
}

export function Account({ props }: { props: PageProps }) {
  const [codes, setCodes] = useState<string[] | null>(null);
  // confirmed on this page: active from now on, without reading the status again
  const mfa = codes ? { ...props.data.mfa, enabled: true, pending: false, recoveryCodesLeft: codes.length } : props.data.mfa;
  const s = props.session;
  const mustEnrol = mfa.required && !mfa.enabled;
  return (
    <Shell props={props} title="Account">
      {mustEnrol ? (
        <p className="notice" role="status">
          {s?.kind === "install" ? "This install" : "Your organization"} requires a second factor. Set one up below; the other pages open once it is confirmed.
        </p>
      ) : null}
      <section className="card" aria-labelledby="who-h">
        <h2 id="who-h">Signed in as</h2>
        <dl className="facts">
          <Field label="Account">{s?.kind === "install" ? "install admin" : "member"}</Field>
          {s?.org ? <Field label="Organization">{s.org}</Field> : null}
          {s?.role ? <Field label="Role">{s.role}</Field> : null}
        </dl>
      </section>
      <section className="card" aria-labelledby="mfa-h">
        <h2 id="mfa-h">Second factor (TOTP)</h2>
        <dl className="facts">
          <Field label="Status">
            <Badge value={mfa.enabled ? "active" : mfa.pending ? "pending" : "off"} tone={mfa.enabled ? "good" : mfa.required ? "bad" : "plain"} />
          </Field>
          <Field label="Required">{mfa.required ? "yes" : "no"}</Field>
          {mfa.enabled ? <Field label="Recovery codes left">{mfa.recoveryCodesLeft}</Field> : null}
        </dl>
        {codes ? <RecoveryCodes codes={codes} /> : mfa.enabled ? <Disable /> : <Enrol pending={mfa.pending} onConfirmed={setCodes} />}
      </section>
      <section className="card" aria-labelledby="password-h">
        <h2 id="password-h">Password</h2>
        <ChangePassword />
      </section>
    </Shell>
  );
}

/** A page used with a one-time token, before having a session: a token, a password, the result. */
function TokenPage({
  props,
  title,
  lede,
  url,
  tokenLabel,
  passwordField,
  done,
}: {
  props: PageProps;
  title: string;
  lede: string;
  url: string;
  tokenLabel: string;
  passwordField: string;
  done: (body: Json) => React.ReactNode;
}) {
  const { problem, setProblem, busy, post } = useActionForm(props.csrf);
  const [result, setResult] = useState<{ body: Json } | null>(null);
  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    if (f.get("password") !== f.get("repeat")) {
      setProblem({ title: "Passwords differ", status: 422, detail: "repeat: must be the same as the password", field: "repeat" });
      return;
    }
    const r = await post(url, { token: String(f.get("token") ?? "").trim(), [passwordField]: f.get("password") });
    if (r.ok) {
      setProblem(null);
      setResult({ body: r.body });
    }
  };
  return (
    <main id="main" className="sign-in">
      <h1>{title}</h1>
      {result ? (
        <div role="status" className="done">
          {done(result.body)}
          <p>
            <a className="button" href="/console/sign-in">
              Sign in
            </a>
          </p>
        </div>
      ) : (
        <>
          <p className="lede">{lede}</p>
          {problem ? <ProblemView problem={problem} /> : null}
          <form onSubmit={submit} className="stack" aria-label={title}>
            <label>
              {tokenLabel}
              <input name="token" required autoComplete="off" spellCheck={false} maxLength={512} />
            </label>
            <NewPassword name="password" />
            <SubmitButton busy={busy} label="Set password" busyLabel="Setting…" />
          </form>
        </>
      )}
    </main>
  );
}

export function PasswordReset({ props }: { props: PageProps }) {
  return (
    <TokenPage
      props={props}
      title="Set a new password"
      lede="Enter the reset token an administrator gave you and choose a new password. The token works once; a second factor, if you have one, stays in place."
      url="/console/password-reset"
      tokenLabel="Reset token"
      passwordField="newPassword"
      done={() => <p>Your new password is set. Sessions signed in before are signed out.</p>}
    />
  );
}

export function InstallAdminInvitation({ props }: { props: PageProps }) {
  return (
    <TokenPage
      props={props}
      title="Join as an install admin"
      lede="Enter the invitation token you were given and choose your password. The token works once."
      url="/console/install-admin-invitation"
      tokenLabel="Invitation token"
      passwordField="password"
      done={(b) => (
        <p>
          Welcome, <strong>{b?.email}</strong>. Sign in with this address, leaving the organization empty.
        </p>
      )}
    />
  );
}

export function MemberInvitation({ props }: { props: PageProps }) {
  return (
    <TokenPage
      props={props}
      title="Join an organization"
      lede="Enter the invitation token you were given and choose your password. The token works once."
      url="/console/invitation"
      tokenLabel="Invitation token"
      passwordField="password"
      done={(b) => (
        <p>
          Welcome, <strong>{b?.email}</strong> ({b?.role}). Sign in with this address and your organization&apos;s slug.
        </p>
      )}
    />
  );
}
