-- The install's view of itself: security events, incidents, operation evidence.

create table security_events (
    id          uuid        primary key,
    occurred_at timestamptz not null,
    type        text        not null,
    org_id      uuid,
    severity    text        not null check (severity in ('info', 'warning', 'high', 'critical')),
    reason      text        not null,
    job_run_id  uuid,
    evidence_id uuid,
    incident_id uuid,
    context     text
);
create index security_events_time on security_events (occurred_at desc, id desc);
create index security_events_type on security_events (type, occurred_at desc, id desc);
create index security_events_org on security_events (org_id, occurred_at desc, id desc);

-- One row per condition (kind, subject); at most one unresolved row per condition.
create table incidents (
    id            uuid        primary key,
    kind          text        not null,
    subject       text        not null,
    org_id        uuid,
    severity      text        not null check (severity in ('info', 'warning', 'high', 'critical')),
    summary       text        not null,
    opened_at     timestamptz not null,
    last_seen_at  timestamptz not null,
    resolved_at   timestamptz,
    occurrences   integer     not null default 1,
    last_event_id uuid
);
create unique index incidents_one_active on incidents (kind, subject) where resolved_at is null;
create index incidents_seen on incidents (last_seen_at desc, id desc);

-- Signed receipts of sensitive operations. `receipt` is the exact signed text (canonical JSON).
create table operation_evidence (
    id        uuid        primary key,
    issued_at timestamptz not null,
    operation text        not null,
    actor     text        not null,
    org_id    uuid,
    subject   text,
    outcome   text        not null check (outcome in ('succeeded', 'failed')),
    receipt   text        not null,
    key_id    text        not null,
    signature bytea       not null
);
create index operation_evidence_time on operation_evidence (issued_at desc, id desc);
create index operation_evidence_operation on operation_evidence (operation, issued_at desc);

-- Retention of security events per type, set by install admins; a type without a row keeps the
-- configured default. Audit entries are never swept.
create table security_event_retention (
    type           text        primary key,
    retention_days integer     not null check (retention_days between 1 and 36500),
    updated_at     timestamptz not null,
    updated_by     text        not null
);
