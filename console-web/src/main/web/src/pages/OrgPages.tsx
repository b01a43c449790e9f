import { useContext, useState } from "react";
import type { Json, PageProps } from "../types";
import { ActionButton, CsrfContext, postAction, reload } from "../ui/actions";
import { Badge, Empty, Field, Pager, ProblemView } from "../ui/common";
import { href, orgPath } from "../ui/links";
import { Shell } from "../ui/shell";
import { Time } from "../ui/time";
import { AuditLogBody } from "./AuditLog";
import { EventFilters, EventTable } from "./Events";
import type { Problem } from "../types";

const slugOf = (props: PageProps): string => props.data.org.slug;

export function OrgAudit({ props }: { props: PageProps }) {
  const slug = slugOf(props);
  return (
    <Shell props={props} title={`Audit log · ${props.data.org.name}`} org={slug}>
      <AuditLogBody props={props} verifyUrl={`${orgPath(slug, "audit")}/verify`} exportUrl={`${orgPath(slug, "audit")}/export`} />
    </Shell>
  );
}

function InviteForm({ slug }: { slug: string }) {
  const csrf = useContext(CsrfContext);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [invitation, setInvitation] = useState<Json>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setBusy(true);
    const r = await postAction(csrf, `${orgPath(slug, "members")}/invite`, { email: f.get("email"), role: f.get("role") });
    setBusy(false);
    if (r.ok) {
      setInvitation(r.body);
      setProblem(null);
    } else setProblem(r.problem);
  };
  return (
    <section aria-labelledby="invite-h" className="card">
      <h2 id="invite-h">Invite a member</h2>
      <form onSubmit={submit} className="inline">
        <label>
          Email
          <input type="email" name="email" required />
        </label>
        <label>
          Role
          <select name="role" defaultValue="member">
            <option value="member">member</option>
            <option value="auditor">auditor</option>
            <option value="admin">admin</option>
          </select>
        </label>
        <button type="submit" disabled={busy} aria-busy={busy}>
          {busy ? "Inviting…" : "Invite"}
        </button>
      </form>
      {problem ? <ProblemView problem={problem} /> : null}
      {invitation ? (
        <div className="one-time" role="status">
          <p>
            Invitation for <strong>{invitation.email}</strong> as {invitation.role}, valid until <Time iso={invitation.expiresAt} />. Give this token to them now: it is shown only this once.
          </p>
          <code className="token">{invitation.token}</code>
        </div>
      ) : null}
      <p className="muted">Pending invitations cannot be listed or revoked yet.</p>
    </section>
  );
}

function RoleChange({ slug, member }: { slug: string; member: Json }) {
  const csrf = useContext(CsrfContext);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setBusy(true);
    const r = await postAction(csrf, `${orgPath(slug, "members")}/${member.id}/role`, { role: f.get("role"), reason: f.get("reason") });
    setBusy(false);
    if (r.ok) reload();
    else setProblem(r.problem);
  };
  return (
    <form onSubmit={submit} className="inline role-change" aria-label={`Change role of ${member.email}`}>
      <select name="role" defaultValue={member.role} aria-label="New role">
        <option value="member">member</option>
        <option value="auditor">auditor</option>
        <option value="admin">admin</option>
      </select>
      <input name="reason" required placeholder="reason (required)" aria-label="Reason" maxLength={1000} />
      <button type="submit" disabled={busy}>
        Change role
      </button>
      {problem ? <ProblemView problem={problem} /> : null}
    </form>
  );
}

export function Members({ props }: { props: PageProps }) {
  const slug = slugOf(props);
  const list = props.data.list;
  const manage = props.session?.kind === "install" || props.session?.role === "admin";
  return (
    <Shell props={props} title={`Members · ${props.data.org.name}`} org={slug}>
      {manage ? <InviteForm slug={slug} /> : null}
      {props.problem ? <ProblemView problem={props.problem} /> : null}
      {list && list.items.length === 0 ? <Empty>No members yet.</Empty> : null}
      {list && list.items.length > 0 ? (
        <table className="list" aria-label="Members">
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Member since</th>
              {manage ? <th scope="col">Change role</th> : null}
              {manage ? <th scope="col">Access</th> : null}
            </tr>
          </thead>
          <tbody>
            {list.items.map((m: Json) => (
              <tr key={m.id} data-row>
                <td>{m.email}</td>
                <td>{m.role}</td>
                <td>
                  <Badge value={m.status} />
                </td>
                <td>
                  <Time iso={m.createdAt} />
                </td>
                {manage ? (
                  <td>
                    <RoleChange slug={slug} member={m} />
                  </td>
                ) : null}
                {manage ? (
                  <td>
                    {m.status === "active" ? (
                      <ActionButton label="Deactivate" busyLabel="Deactivating…" url={`${orgPath(slug, "members")}/${m.id}/deactivate`} onDone={reload} />
                    ) : (
                      <ActionButton label="Reactivate" busyLabel="Reactivating…" url={`${orgPath(slug, "members")}/${m.id}/reactivate`} onDone={reload} />
                    )}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {list ? (
        <Pager count={list.items.length} noun="member" next={list.nextCursor ? href(props.path, {}, { cursor: list.nextCursor }) : null} first={props.query.cursor ? props.path : null} />
      ) : null}
    </Shell>
  );
}

export function Keys({ props }: { props: PageProps }) {
  const slug = slugOf(props);
  const k = props.data.keys;
  const last = props.data.lastVerification;
  return (
    <Shell props={props} title={`Key management · ${props.data.org.name}`} org={slug}>
      {props.problem ? <ProblemView problem={props.problem} /> : null}
      {k ? (
        <>
          <section className="card" aria-labelledby="provider-h">
            <h2 id="provider-h">Provider</h2>
            <dl className="facts">
              <Field label="Type">{k.provider?.type}</Field>
              <Field label="Key">
                <code>{k.provider?.keyId}</code>
              </Field>
              <Field label="Managed by">{k.selfManaged ? "this organization" : "the install"}</Field>
              {k.provider?.settings
                ? Object.entries(k.provider.settings).map(([name, value]) => (
                    <Field key={name} label={name}>
                      <code>{String(value)}</code>
                    </Field>
                  ))
                : null}
              <Field label="Last verification">
                {last ? (
                  <>
                    <Badge value={last.outcome} /> <Time iso={last.issuedAt} /> <span className="muted">by {last.actor}</span>
                  </>
                ) : (
                  <span className="muted">{props.data.lastVerificationNote}</span>
                )}
              </Field>
            </dl>
            <div className="toolbar">
              <ActionButton
                label="Verify now"
                busyLabel="Verifying…"
                url={`${orgPath(slug, "keys")}/verify`}
                render={(r) => (
                  <span role="status">
                    <Badge value={r.ok ? "ok" : "failed"} /> {r.detail} ({r.latencyMillis} ms)
                  </span>
                )}
              />
              <ActionButton label="Rotate" busyLabel="Rotating…" url={`${orgPath(slug, "keys")}/rotate`} onDone={reload} />
            </div>
          </section>
          <section aria-labelledby="versions-h">
            <h2 id="versions-h">Key versions</h2>
            <table className="list">
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Provider</th>
                  <th scope="col">Key-encryption key</th>
                  <th scope="col">Wrapped under</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {k.versions.map((v: Json) => (
                  <tr key={v.version} data-row>
                    <td className="num">{v.version}</td>
                    <td>{v.provider}</td>
                    <td>
                      <code>{v.kekId}</code>
                    </td>
                    <td>
                      <code>{v.kekVersion}</code>
                    </td>
                    <td>
                      <Time iso={v.createdAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      ) : null}
    </Shell>
  );
}

export function OrgEvents({ props }: { props: PageProps }) {
  const slug = slugOf(props);
  const list = props.data.list;
  return (
    <Shell props={props} title={`Security events · ${props.data.org.name}`} org={slug}>
      <EventFilters props={props} withOrg={false} />
      {props.problem ? <ProblemView problem={props.problem} /> : null}
      {list ? <EventTable props={props} list={list} detailLinks={false} /> : null}
    </Shell>
  );
}

export function Settings({ props }: { props: PageProps }) {
  const csrf = props.csrf; // this component is outside the shell's CSRF context
  const org = props.data.org;
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const body: Record<string, string> = {};
    for (const k of ["name", "slug", "timezone", "locale"]) {
      const v = String(f.get(k) ?? "");
      if (v !== org[k]) body[k] = v;
    }
    if (Object.keys(body).length === 0) {
      setProblem({ title: "Nothing to save", status: 400, detail: "no field was changed" });
      return;
    }
    setBusy(true);
    const r = await postAction(csrf, `${orgPath(org.slug, "settings")}`, body);
    setBusy(false);
    if (r.ok) {
      setSaved(true);
      setProblem(null);
      window.location.assign(orgPath(r.body.slug, "settings"));
    } else setProblem(r.problem);
  };
  return (
    <Shell props={props} title={`Settings · ${org.name}`} org={org.slug}>
      <form onSubmit={submit} className="stack narrow" aria-label="Organization settings">
        <label>
          Name
          <input name="name" defaultValue={org.name} required />
        </label>
        <label>
          Slug <small>(changes every address of this organization)</small>
          <input name="slug" defaultValue={org.slug} required pattern="[a-z0-9](?:[a-z0-9]|-(?!-))*[a-z0-9]" />
        </label>
        <label>
          Time zone <small>(IANA name, e.g. Europe/Paris)</small>
          <input name="timezone" defaultValue={org.timezone} required />
        </label>
        <label>
          Locale <small>(BCP 47, e.g. en, fr-CH)</small>
          <input name="locale" defaultValue={org.locale} required />
        </label>
        <button type="submit" disabled={busy} aria-busy={busy}>
          {busy ? "Saving…" : "Save"}
        </button>
      </form>
      {problem ? <ProblemView problem={problem} /> : null}
      {saved ? <p role="status">Saved.</p> : null}
      <dl className="facts">
        <Field label="Organization id">
          <code>{org.id}</code>
        </Field>
        <Field label="Created">
          <Time iso={org.createdAt} />
        </Field>
        <Field label="Updated">
          <Time iso={org.updatedAt} />
        </Field>
      </dl>
    </Shell>
  );
}
