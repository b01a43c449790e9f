-- Syslog forwarding of the install chain and the install's security events (docs/syslog.md).
-- One destination; its cursor is a row of its own so that a delivery in progress (which holds the
-- cursor row) never blocks a change of the settings.
create table syslog_destination (
    id          smallint    primary key default 1 check (id = 1),
    host        text        not null,
    port        integer     not null check (port between 1 and 65535),
    transport   text        not null check (transport in ('udp', 'tcp', 'tls')),
    facility    text        not null,
    hostname    text,
    app_name    text        not null,
    ca_cert_pem text,
    enabled     boolean     not null,
    changed_at  timestamptz not null
);

-- Where delivery stands: the last delivered sequence of the chain and position of the security
-- events, what happened last and how many messages were sent, truncated and skipped.
create table syslog_cursor (
    id             smallint    primary key default 1 check (id = 1),
    chain_sequence bigint      not null,
    event_position bigint      not null,
    delivered_at   timestamptz,
    last_error     text,
    sent           bigint      not null default 0,
    truncated      bigint      not null default 0,
    dropped        bigint      not null default 0
);

-- Security events get a position in the order they were stored: destinations read them by it.
alter table security_events add column position bigint generated always as identity;
create unique index security_events_position on security_events (position);
