-- Tenant database (one per organization): roles, members, invitations, settings.

create table roles (
    name        text primary key,
    description text not null
);
insert into roles (name, description) values
    ('admin',   'Manages members, settings and keys; reads the audit log'),
    ('auditor', 'Reads the audit log and security posture; changes nothing'),
    ('member',  'Uses the organization; no administrative rights');

create table members (
    id              uuid        primary key,
    email           text        not null,
    password_hash   text        not null,
    role            text        not null references roles (name),
    status          text        not null default 'active' check (status in ('active', 'deactivated')),
    failed_attempts integer     not null default 0,
    locked_until    timestamptz,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    deactivated_at  timestamptz
);
create unique index members_email_key on members (lower(email));

create table invitations (
    id          uuid        primary key,
    email       text        not null,
    role        text        not null references roles (name),
    token_hash  bytea       not null unique,
    invited_by  text        not null,
    created_at  timestamptz not null default now(),
    expires_at  timestamptz not null,
    accepted_at timestamptz,
    member_id   uuid references members (id)
);
create index invitations_open on invitations (lower(email)) where accepted_at is null;

create table org_settings (
    key        text        primary key,
    value      text        not null,
    updated_at timestamptz not null default now()
);
