-- Syslog forwarding of the organization's chain and security events (docs/syslog.md); the same
-- two tables as in the install database. event_position refers to the install database's
-- security_events.position.
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
