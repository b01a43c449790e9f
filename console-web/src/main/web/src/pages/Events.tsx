import type { Json, PageProps } from "../types";
import { Badge, Drawer, Empty, Field, JsonView, ListPager, ListTable, ProblemView, RawJson, TimeRangeFields } from "../ui/common";
import type { Column } from "../ui/common";
import { href, submitFilters } from "../ui/links";
import { Time } from "../ui/time";

export const EVENT_FILTERS = ["type", "org", "severity", "from", "to"] as const;

export function eventFilters(q: Record<string, string>, withOrg: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of EVENT_FILTERS) if (q[k] && (withOrg || k !== "org")) out[k] = q[k];
  if (q.tab) out.tab = q.tab;
  return out;
}

export function EventFilters({ props, withOrg }: { props: PageProps; withOrg: boolean }) {
  const q = props.query;
  return (
    <form method="get" action={props.path} className="filters" onSubmit={submitFilters} role="search" aria-label="Filter events">
      {q.tab ? <input type="hidden" name="tab" value={q.tab} /> : null}
      <label>
        Type
        <input name="type" defaultValue={q.type ?? ""} placeholder="jobFailed" />
      </label>
      {withOrg ? (
        <label>
          Organization <small>(slug or install)</small>
          <input name="org" defaultValue={q.org ?? ""} />
        </label>
      ) : null}
      <label>
        Minimum severity
        <select name="severity" defaultValue={q.severity ?? ""}>
          <option value="">any</option>
          <option value="info">info</option>
          <option value="warning">warning</option>
          <option value="high">high</option>
          <option value="critical">critical</option>
        </select>
      </label>
      <TimeRangeFields query={q} />
      <div className="filter-actions">
        <button type="submit">Apply</button>
        <a href={href(props.path, q.tab ? { tab: q.tab } : {})}>Reset</a>
      </div>
    </form>
  );
}

function orgLabel(org: Json): string {
  if (org === "install" || !org) return "install";
  return org.slug ?? org.id;
}

function eventColumns(eventHref: ((id: string) => string) | null): Column<Json>[] {
  return [
    {
      head: "Time",
      cell: (e) =>
        eventHref ? (
          <a href={eventHref(e.id)}>
            <Time iso={e.occurredAt} />
          </a>
        ) : (
          <Time iso={e.occurredAt} />
        ),
    },
    { head: "Severity", cell: (e) => <Badge value={e.severity} /> },
    { head: "Type", cell: (e) => <code>{e.type}</code> },
    { head: "Organization", cell: (e) => orgLabel(e.org) },
    { head: "Reason", cell: (e) => e.reason, className: "reason" },
  ];
}

export function EventTable({ props, list, detailLinks }: { props: PageProps; list: Json; detailLinks: boolean }) {
  const base = eventFilters(props.query, detailLinks);
  return (
    <>
      <ListTable label="Security events" columns={eventColumns(detailLinks ? (id) => href(props.path, base, { event: id }) : null)} rows={list.items} rowKey={(e) => e.id} empty="No security events match these filters." />
      <ListPager props={props} list={list} base={base} noun="event" />
    </>
  );
}

/** One event with what it links to: the incident it opened, the job run and the evidence. */
export function EventDetail({ props, detail }: { props: PageProps; detail: Json }) {
  const e = detail.event;
  const closeHref = href(props.path, eventFilters(props.query, true));
  return (
    <Drawer id="event-h" title={<code>{e.type}</code>} closeHref={closeHref} closeLabel="Close event">
      <dl className="facts">
        <Field label="Occurred">
          <Time iso={e.occurredAt} />
        </Field>
        <Field label="Severity">
          <Badge value={e.severity} />
        </Field>
        <Field label="Organization">{orgLabel(e.org)}</Field>
        <Field label="Reason">
          <span className="reason">{e.reason}</span>
        </Field>
      </dl>
      {e.context ? (
        <>
          <h3>Context</h3>
          <JsonView value={e.context} />
        </>
      ) : null}
      <h3>Incident</h3>
      {detail.incident ? (
        <dl className="facts">
          <Field label="Kind">
            <code>{detail.incident.kind}</code> <Badge value={detail.incident.state} tone={detail.incident.state === "active" ? "bad" : undefined} />
          </Field>
          <Field label="Summary">{detail.incident.summary}</Field>
          <Field label="Opened">
            <Time iso={detail.incident.openedAt} />
          </Field>
          <Field label="Occurrences">{detail.incident.occurrences}</Field>
        </dl>
      ) : (
        <Empty>This event is not part of an incident.</Empty>
      )}
      <h3>Job run</h3>
      {detail.jobRun ? (
        <dl className="facts">
          <Field label="Job">
            <a href={`/console/system/jobs?job=${encodeURIComponent(detail.jobRun.job)}`}>{detail.jobRun.job}</a> <Badge value={detail.jobRun.status} />
          </Field>
          <Field label="Started">
            <Time iso={detail.jobRun.startedAt} />
          </Field>
          <Field label="Summary">{detail.jobRun.summary}</Field>
        </dl>
      ) : (
        <Empty>Not raised during a job run.</Empty>
      )}
      <h3>Evidence</h3>
      {e.evidenceId ? (
        <a href={href(props.path, { tab: "evidence" }, { receipt: e.evidenceId })}>Receipt {e.evidenceId}</a>
      ) : (
        <Empty>No receipt for this event.</Empty>
      )}
      {detail.problems?.map((p: Json, i: number) => <ProblemView key={i} problem={p} />)}
      <RawJson value={e} />
    </Drawer>
  );
}
