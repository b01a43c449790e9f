import { useState } from "react";
import type { Json, PageProps } from "../types";
import { ActionButton, ReasonAction, reload, SubmitButton, useActionForm } from "../ui/actions";
import { Badge, Field, ListPager, ListTable, Pager, ProblemView } from "../ui/common";
import type { Column } from "../ui/common";
import { can } from "../ui/access";
import { href, orgPath } from "../ui/links";
import { OneTimeToken, ResetToken } from "../ui/onetime";
import { Shell } from "../ui/shell";
import { Time } from "../ui/time";
import { AuditLogBody } from "./AuditLog";
import { EventFilters, EventTable } from "./Events";

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
  const { problem, setProblem, busy, post } = useActionForm();
  const [invitation, setInvitation] = useState<Json>(null);
  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const r = await post(`${orgPath(slug, "members")}/invite`, { email: f.get("email"), role: f.get("role") });
    if (r.ok) {
      setInvitation(r.body);
      setProblem(null);
    }
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
        <SubmitButton busy={busy} label="Invite" busyLabel="Inviting…" />
      </form>
      {problem ? <ProblemView problem={problem} /> : null}
      {invitation ? (
        <OneTimeToken
          what={
            <>
              Invitation for <strong>{invitation.email}</strong> as {invitation.role}
            </>
          }
          token={invitation.token}
          expiresAt={invitation.expiresAt}
          where="/console/invitation"
        />
      ) : null}
    </section>
  );
}

function RoleChange({ slug, member }: { slug: string; member: Json }) {
  const { problem, busy, post } = useActionForm();
  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const r = await post(`${orgPath(slug, "members")}/${member.id}/role`, { role: f.get("role"), reason: f.get("reason") });
    if (r.ok) reload();
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

const MEMBER_COLUMNS: Column<Json>[] = [
  { head: "Email", cell: (m) => m.email },
  { head: "Role", cell: (m) => m.role },
  { head: "Status", cell: (m) => <Badge value={m.status} /> },
  { head: "Member since", cell: (m) => <Time iso={m.createdAt} /> },
];

/** The columns of those who may manage members: change the role, deactivate or reactivate. */
function manageColumns(slug: string): Column<Json>[] {
  return [
    { head: "Change role", cell: (m) => <RoleChange slug={slug} member={m} /> },
    {
      head: "Access",
      cell: (m) =>
        m.status === "active" ? (
          <ActionButton label="Deactivate" busyLabel="Deactivating…" url={`${orgPath(slug, "members")}/${m.id}/deactivate`} onDone={reload} />
        ) : (
          <ActionButton label="Reactivate" busyLabel="Reactivating…" url={`${orgPath(slug, "members")}/${m.id}/reactivate`} onDone={reload} />
        ),
    },
    {
      head: "Identity",
      cell: (m) => (
        <details className="identity">
          <summary>Second factor, password</summary>
          <ReasonAction label="Reset MFA" busyLabel="Resetting…" url={`${orgPath(slug, "members")}/${m.id}/mfa-reset`} subject={m.email} render={() => <p role="status">Second factor removed; {m.email} signs in with the password alone and enrols again.</p>} />
          <ReasonAction label="Issue password reset" busyLabel="Issuing…" url={`${orgPath(slug, "members")}/${m.id}/password-reset`} subject={m.email} render={(b) => <ResetToken body={b} email={m.email} />} />
        </details>
      ),
    },
  ];
}

const INVITATION_COLUMNS: Column<Json>[] = [
  { head: "Email", cell: (i) => i.email },
  { head: "Role", cell: (i) => i.role },
  { head: "Status", cell: (i) => <Badge value={i.status} tone={i.status === "pending" ? "info" : "muted"} /> },
  { head: "Invited by", cell: (i) => <code>{i.invitedBy}</code> },
  { head: "Invited", cell: (i) => <Time iso={i.createdAt} /> },
  { head: "Expires", cell: (i) => <Time iso={i.expiresAt} /> },
];

/** Invitations in the order the API keeps them, with Revoke on those still pending. */
function Invitations({ props, slug }: { props: PageProps; slug: string }) {
  const list = props.data.invitations;
  const columns: Column<Json>[] = [
    ...INVITATION_COLUMNS,
    {
      head: "Action",
      cell: (i) => (i.status === "pending" ? <ActionButton label="Revoke" busyLabel="Revoking…" url={`${orgPath(slug, "invitations")}/${i.id}/revoke`} onDone={reload} /> : null),
    },
  ];
  return (
    <section aria-labelledby="invitations-h">
      <h2 id="invitations-h">Invitations</h2>
      {props.data.invitationsProblem ? <ProblemView problem={props.data.invitationsProblem} /> : null}
      {list ? (
        <>
          <ListTable label="Invitations" columns={columns} rows={list.items} rowKey={(i) => i.id} empty="No invitations." />
          <Pager
            count={list.items.length}
            noun="invitation"
            next={list.nextCursor ? href(props.path, props.query, { invitationCursor: list.nextCursor }) : null}
            first={props.query.invitationCursor ? href(props.path, props.query, { invitationCursor: null }) : null}
          />
        </>
      ) : null}
    </section>
  );
}

export function Members({ props }: { props: PageProps }) {
  const slug = slugOf(props);
  const list = props.data.list;
  const manage = can(props, "members:manage");
  return (
    <Shell props={props} title={`Members · ${props.data.org.name}`} org={slug}>
      {manage ? <InviteForm slug={slug} /> : null}
      {props.problem ? <ProblemView problem={props.problem} /> : null}
      {list ? <ListTable label="Members" columns={manage ? [...MEMBER_COLUMNS, ...manageColumns(slug)] : MEMBER_COLUMNS} rows={list.items} rowKey={(m) => m.id} empty="No members yet." /> : null}
      {list ? <ListPager props={props} list={list} noun="member" /> : null}
      {manage ? <Invitations props={props} slug={slug} /> : null}
    </Shell>
  );
}

const VERSION_COLUMNS: Column<Json>[] = [
  { head: "Version", cell: (v) => v.version, className: "num" },
  { head: "Provider", cell: (v) => v.provider },
  { head: "Key-encryption key", cell: (v) => <code>{v.kekId}</code> },
  { head: "Wrapped under", cell: (v) => <code>{v.kekVersion}</code> },
  { head: "Created", cell: (v) => <Time iso={v.createdAt} /> },
];

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
            <ListTable columns={VERSION_COLUMNS} rows={k.versions} rowKey={(v) => v.version} />
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
  const { problem, setProblem, busy, post } = useActionForm(props.csrf); // outside the shell's CSRF context
  const org = props.data.org;
  const [saved, setSaved] = useState(false);
  const manage = can(props, "settings:manage");
  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const body: Record<string, string | boolean> = {};
    for (const k of ["name", "slug", "timezone", "locale"]) {
      const v = String(f.get(k) ?? "");
      if (v !== org[k]) body[k] = v;
    }
    const requireMfa = f.get("requireMfa") === "on";
    if (requireMfa !== Boolean(org.requireMfa)) body.requireMfa = requireMfa;
    if (Object.keys(body).length === 0) {
      setProblem({ title: "Nothing to save", status: 400, detail: "no field was changed" });
      return;
    }
    const r = await post(`${orgPath(org.slug, "settings")}`, body);
    if (r.ok) {
      setSaved(true);
      setProblem(null);
      window.location.assign(orgPath(r.body.slug, "settings"));
    }
  };
  return (
    <Shell props={props} title={`Settings · ${org.name}`} org={org.slug}>
      {manage ? null : <p className="muted">Changing these settings needs the settings:manage permission.</p>}
      <form onSubmit={submit} className="stack narrow" aria-label="Organization settings">
        <fieldset disabled={!manage} className="plain">
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
        <label className="check">
          <input type="checkbox" name="requireMfa" defaultChecked={Boolean(org.requireMfa)} />
          <span>
            Require a second factor <small>(members without one are sent to enrol one before anything else)</small>
          </span>
        </label>
        </fieldset>
        {manage ? <SubmitButton busy={busy} label="Save" busyLabel="Saving…" /> : null}
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
