import { useState } from "react";
import type { Json, PageProps } from "../types";
import { ActionButton, reload, SubmitButton, useActionForm } from "../ui/actions";
import { Badge, Empty, Field, ProblemView } from "../ui/common";
import { orgPath } from "../ui/links";
import { Shell } from "../ui/shell";
import { Time } from "../ui/time";

const TRANSPORTS = ["tcp", "tls", "udp"];
const FACILITIES = ["local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"];
const DEFAULT_PORT: Record<string, string> = { udp: "514", tcp: "601", tls: "6514" };

function StateCard({ v }: { v: Json }) {
  const st = v.state ?? {};
  const c = v.counters ?? {};
  return (
    <section className="card" aria-labelledby="state-h">
      <h2 id="state-h">Destination and state</h2>
      <dl className="facts">
        <Field label="Sends to">
          <span className="settings-summary">
            <code>
              {v.settings.transport}://{v.settings.host}:{v.settings.port}
            </code>{" "}
            as <code>{v.settings.appName}</code>, facility <code>{v.settings.facility}</code>
            {v.settings.caCertPem ? ", private CA" : ""}
          </span>
        </Field>
        <Field label="Delivery">{v.settings.enabled ? <Badge value={st.connected ? "connected" : "disconnected"} /> : <Badge value="disabled" tone="muted" />}</Field>
        <Field label="Lag">
          {st.lagEntries} {st.lagEntries === 1 ? "entry" : "entries"} not yet delivered
        </Field>
        <Field label="Last delivery">{st.lastDeliveryAt ? <Time iso={st.lastDeliveryAt} /> : <span className="muted">none yet</span>}</Field>
        <Field label="Last error">
          <span className="reason">{st.lastError ?? "none"}</span>
        </Field>
        <Field label="Counters">
          {c.sent} sent, {c.truncated} truncated, {c.dropped} dropped
        </Field>
      </dl>
      <p className="muted">Connected means the instance that answered holds an open connection to the relay; with several instances, another may be the one delivering.</p>
    </section>
  );
}

/** What a test message proved, its nonce to search for, the steps and their durations. */
function TestResult({ r }: { r: Json }) {
  return (
    <div className={`verify ${r.ok ? "verify-intact" : "verify-broken"}`} role="status">
      {r.ok ? (
        <p>
          Test message over <code>{r.transport}</code>: <strong>{r.proven}</strong>. Search the SIEM for the nonce <code className="token-inline">{r.nonce}</code> to prove the whole path.
        </p>
      ) : (
        <p>
          Test failed over <code>{r.transport}</code>: <strong>{r.reason}</strong> — {r.detail}
        </p>
      )}
      <p className="muted">{(r.steps ?? []).map((s: Json) => `${s.name} ${Number(s.millis).toFixed(1)} ms`).join(" · ")}</p>
    </div>
  );
}

function DestinationForm({ url, settings }: { url: string; settings: Json }) {
  const { problem, setProblem, busy, post } = useActionForm();
  const [transport, setTransport] = useState<string>(settings?.transport ?? "tcp");
  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const body: Record<string, string | number | boolean> = { host: String(f.get("host") ?? "").trim(), port: Number(f.get("port")), transport, enabled: f.get("enabled") === "on" };
    for (const k of ["facility", "hostname", "appName"]) {
      const v = String(f.get(k) ?? "").trim();
      if (v) body[k] = v;
    }
    const ca = String(f.get("caCertPem") ?? "").trim();
    if (transport === "tls" && ca) body.caCertPem = ca;
    const r = await post(url, body);
    if (r.ok) {
      setProblem(null);
      reload();
    }
  };
  return (
    <section className="card" aria-labelledby="dest-h">
      <h2 id="dest-h">{settings ? "Destination" : "Set a destination"}</h2>
      <form onSubmit={submit} className="stack" aria-label="Syslog destination">
        <div className="inline">
          <label>
            Host
            <input name="host" required maxLength={253} defaultValue={settings?.host ?? ""} placeholder="siem-relay.example" />
          </label>
          <label>
            Port
            <input name="port" type="number" min={1} max={65535} required defaultValue={settings?.port ?? DEFAULT_PORT[transport]} />
          </label>
          <label>
            Transport
            <select name="transport" value={transport} onChange={(e) => setTransport(e.target.value)}>
              {TRANSPORTS.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </label>
          <label>
            Facility
            <select name="facility" defaultValue={settings?.facility ?? "local6"}>
              {FACILITIES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="inline">
          <label>
            Hostname <small>(RFC 5424 HOSTNAME; empty: the server&apos;s)</small>
            <input name="hostname" maxLength={255} defaultValue={settings?.hostname ?? ""} />
          </label>
          <label>
            App name
            <input name="appName" maxLength={48} defaultValue={settings?.appName ?? "palisade"} />
          </label>
        </div>
        {transport === "tls" ? (
          <label>
            CA certificates <small>(PEM; empty: the JDK&apos;s trust store)</small>
            <textarea name="caCertPem" rows={4} maxLength={65536} defaultValue={settings?.caCertPem ?? ""} />
          </label>
        ) : null}
        <label className="check">
          <input type="checkbox" name="enabled" defaultChecked={settings ? Boolean(settings.enabled) : true} />
          <span>
            Deliver <small>(off keeps the settings and the position; on again resumes from there)</small>
          </span>
        </label>
        <SubmitButton busy={busy} label="Save" busyLabel="Saving…" />
      </form>
      {problem ? <ProblemView problem={problem} /> : null}
    </section>
  );
}

function SyslogBody({ props, base }: { props: PageProps; base: string }) {
  const v = props.data.syslog;
  return (
    <>
      {props.problem ? <ProblemView problem={props.problem} /> : null}
      {v && !v.configured ? <Empty>No destination yet: nothing is forwarded. Set one below.</Empty> : null}
      {v?.configured ? (
        <>
          <StateCard v={v} />
          <div className="toolbar">
            <ActionButton label="Send test message" busyLabel="Sending…" url={`${base}/test`} render={(r) => <TestResult r={r} />} />
          </div>
        </>
      ) : null}
      {v ? <DestinationForm url={base} settings={v.configured ? v.settings : null} /> : null}
    </>
  );
}

export function SystemSyslog({ props }: { props: PageProps }) {
  return (
    <Shell props={props} title="Syslog">
      <p className="muted">The install audit chain and every security event, forwarded as RFC 5424 messages.</p>
      <SyslogBody props={props} base="/console/system/syslog" />
    </Shell>
  );
}

export function OrgSyslog({ props }: { props: PageProps }) {
  const slug: string = props.data.org.slug;
  return (
    <Shell props={props} title={`Syslog · ${props.data.org.name}`} org={slug}>
      <p className="muted">This organization&apos;s audit log and security events, forwarded as RFC 5424 messages.</p>
      <SyslogBody props={props} base={orgPath(slug, "syslog")} />
    </Shell>
  );
}
