import type { PageProps } from "./types";
import { ProblemView } from "./ui/common";
import { Shell } from "./ui/shell";
import { Operations } from "./pages/Operations";
import { SignIn } from "./pages/SignIn";
import { Account, InstallAdminInvitation, MemberInvitation, PasswordReset } from "./pages/Account";
import { Admins, Health, Incidents, Investigations, Jobs, LicensePage, Organizations } from "./pages/SystemPages";
import { Keys, Members, OrgAudit, OrgEvents, Settings } from "./pages/OrgPages";
import { Storage } from "./pages/Storage";
import { Backups } from "./pages/Backups";
import { OrgSyslog, SystemSyslog } from "./pages/Syslog";

const PAGES: Record<string, (p: { props: PageProps }) => JSX.Element> = {
  "sign-in": SignIn,
  account: Account,
  "password-reset": PasswordReset,
  "install-admin-invitation": InstallAdminInvitation,
  invitation: MemberInvitation,
  admins: Admins,
  operations: Operations,
  investigations: Investigations,
  jobs: Jobs,
  organizations: Organizations,
  incidents: Incidents,
  license: LicensePage,
  health: Health,
  backups: Backups,
  syslog: SystemSyslog,
  "org-syslog": OrgSyslog,
  "org-audit": OrgAudit,
  "org-members": Members,
  "org-keys": Keys,
  "org-events": OrgEvents,
  "org-settings": Settings,
  "org-storage": Storage,
};

/** A page whose data could not be read at all: the problem the API answered, nothing else. */
function ErrorPage({ props }: { props: PageProps }) {
  return (
    <Shell props={props} title={props.problem?.title ?? "Error"}>
      {props.problem ? <ProblemView problem={props.problem} /> : null}
      <p>
        <a href="/console">Back to the console</a>
      </p>
    </Shell>
  );
}

export function App({ props }: { props: PageProps }) {
  const Page = props.data === null && props.page !== "sign-in" ? ErrorPage : PAGES[props.page] ?? ErrorPage;
  return <Page props={props} />;
}
