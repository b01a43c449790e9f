-- Install database: bootstrap state, install admins, the organizations registry.

create table install_state (
    id                 smallint    primary key default 1 check (id = 1),
    install_id         uuid        not null,
    setup_token_hash   bytea,
    setup_completed_at timestamptz,
    created_at         timestamptz not null default now()
);

create table install_admins (
    id              uuid        primary key,
    email           text        not null,
    password_hash   text        not null,
    status          text        not null default 'active' check (status in ('active', 'deactivated')),
    failed_attempts integer     not null default 0,
    locked_until    timestamptz,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now()
);
create unique index install_admins_email_key on install_admins (lower(email));

create table organizations (
    id            uuid        primary key,
    slug          text        not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$'),
    name          text        not null check (length(name) between 1 and 200),
    timezone      text        not null default 'UTC',
    locale        text        not null default 'en',
    database_name text        not null unique,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now()
);
