import { useState } from "react";
import type { PageProps, Problem } from "../types";
import { CsrfContext, postForm, problemOf } from "./actions";
import { ProblemView } from "./common";
import { KeyHelp, useListKeys } from "./keys";
import { can } from "./access";
import { orgPath } from "./links";
import { ZoneProvider, ZoneToggle } from "./time";

type NavItem = { label: string; href: string; page: string; permission?: string };

const SYSTEM: NavItem[] = [
  { label: "Operations", href: "/console/system/operations", page: "operations" },
  { label: "Investigations", href: "/console/system/investigations", page: "investigations" },
  { label: "Jobs", href: "/console/system/jobs", page: "jobs" },
  { label: "Organizations", href: "/console/system/organizations", page: "organizations" },
  { label: "Admins", href: "/console/system/admins", page: "admins" },
  { label: "Incidents", href: "/console/system/incidents", page: "incidents" },
  { label: "License", href: "/console/system/license", page: "license" },
  { label: "Health", href: "/console/system/health", page: "health" },
  { label: "Backups", href: "/console/system/backups", page: "backups" },
  { label: "Syslog", href: "/console/system/syslog", page: "syslog" },
];

/** An organization's pages; `permission` is what the page's API call needs. */
function orgNav(slug: string): NavItem[] {
  return [
    { label: "Audit log", href: orgPath(slug, "audit"), page: "org-audit", permission: "audit:view" },
    { label: "Members", href: orgPath(slug, "members"), page: "org-members", permission: "members:view" },
    { label: "Key management", href: orgPath(slug, "keys"), page: "org-keys", permission: "keys:manage" },
    { label: "Security events", href: orgPath(slug, "security-events"), page: "org-events", permission: "audit:view" },
    { label: "Storage", href: orgPath(slug, "storage"), page: "org-storage", permission: "audit:view" },
    { label: "Syslog", href: orgPath(slug, "syslog"), page: "org-syslog", permission: "settings:manage" },
    { label: "Settings", href: orgPath(slug, "settings"), page: "org-settings", permission: "org:view" },
  ];
}

/** The organization's pages the caller may open, when the page knows (GET /api/v1/me); else all. */
function visibleOrgNav(props: PageProps, slug: string): NavItem[] {
  const items = orgNav(slug);
  if (!props.data?.access) return items;
  return items.filter((i) => !i.permission || can(props, i.permission));
}

function NavList({ title, items, page }: { title: string; items: NavItem[]; page: string }) {
  return (
    <section className="nav-section" aria-label={title}>
      <h2>{title}</h2>
      <ul>
        {items.map((i) => (
          <li key={i.label}>
            <a href={i.href} aria-current={i.page === page ? "page" : undefined}>
              {i.label}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The frame of every signed-in page: header, navigation by permission, the page, the key help. */
export function Shell({ props, title, org, children }: { props: PageProps; title: string; org?: string; children: React.ReactNode }) {
  const [help, setHelp] = useListKeys();
  const s = props.session;
  const slug = org ?? s?.org ?? null;
  const [signOutProblem, setSignOutProblem] = useState<Problem | null>(null);
  const signOut = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const res = await postForm(e.currentTarget, "application/json");
    // the token is revoked first; if it could not be, the session stays and the page says why
    if (res && res.ok) window.location.assign("/console/sign-in");
    else setSignOutProblem(await problemOf(res));
  };
  return (
    <CsrfContext.Provider value={props.csrf}>
      <ZoneProvider>
        <a className="skip" href="#main">
          Skip to content
        </a>
        <header className="top">
          <a className="brand" href="/console">
            Palisade
          </a>
          <span className="scope">{s?.kind === "install" ? "Install admin" : s?.org ? `${s.org} · ${props.data?.access?.role ?? s.role ?? "member"}` : ""}</span>
          <ZoneToggle />
          <button type="button" className="help-button" onClick={() => setHelp(!help)} aria-label="Keyboard shortcuts">
            ?
          </button>
          <a className="account-link" href="/console/account" aria-current={props.page === "account" ? "page" : undefined}>
            Account
          </a>
          <form method="post" action="/console/sign-out" className="sign-out" onSubmit={signOut}>
            <input type="hidden" name="csrf" value={props.csrf} />
            <button type="submit">Sign out</button>
          </form>
        </header>
        <div className="frame">
          <nav className="side" aria-label="Console">
            {s?.kind === "install" ? <NavList title="System" items={SYSTEM} page={props.page} /> : null}
            {slug ? <NavList title={`Organization ${slug}`} items={visibleOrgNav(props, slug)} page={props.page} /> : null}
          </nav>
          <main id="main" tabIndex={-1}>
            {signOutProblem ? <ProblemView problem={signOutProblem} /> : null}
            <h1>{title}</h1>
            {children}
          </main>
        </div>
        {help ? <KeyHelp onClose={() => setHelp(false)} /> : null}
      </ZoneProvider>
    </CsrfContext.Provider>
  );
}
