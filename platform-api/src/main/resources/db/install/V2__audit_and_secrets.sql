-- The install audit chain, signed checkpoints of every chain, sealed install secrets.

create table keyring_versions (
    version      integer     primary key,
    provider     text        not null,
    kek_id       text        not null,
    kek_version  text        not null,
    wrapped_key  bytea       not null,
    created_at   timestamptz not null default now(),
    rewrapped_at timestamptz
);

create table audit_chain_head (
    chain_id        text   primary key,
    last_sequence   bigint not null,
    last_chain_hash bytea  not null
);

create table audit_entries (
    sequence           bigint      primary key check (sequence > 0),
    id                 uuid        not null unique,
    occurred_at        timestamptz not null,
    actor_type         text        not null,
    actor_id           text        not null,
    action             text        not null,
    subject_type       text,
    subject_id         text,
    reason             text,
    public_metadata    text,
    sealed_metadata    bytea,
    sealed_key_version integer,
    content_hash       bytea       not null,
    chain_hash         bytea       not null
);
create index audit_entries_occurred on audit_entries (occurred_at, sequence);
create index audit_entries_actor on audit_entries (actor_id, sequence);
create index audit_entries_action on audit_entries (action text_pattern_ops, sequence);
create index audit_entries_subject on audit_entries (subject_type, subject_id, sequence);
create index audit_entries_text on audit_entries
    using gin (to_tsvector('simple', coalesce(subject_id, '') || ' ' || coalesce(reason, '')));

-- Checkpoints of every chain (the install's and each organization's), signed with the install
-- checkpoint key. Kept here so that a privileged user of one tenant database cannot rewrite both.
create table audit_checkpoints (
    chain_id   text        not null,
    sequence   bigint      not null,
    chain_hash bytea       not null,
    signed_at  timestamptz not null,
    key_id     text        not null,
    signature  bytea       not null,
    primary key (chain_id, sequence)
);

-- Install secrets (token signing key, checkpoint signing key), sealed by the install provider.
create table sealed_secrets (
    name        text        primary key,
    provider    text        not null,
    kek_id      text        not null,
    kek_version text        not null,
    ciphertext  bytea       not null,
    public_part bytea,
    created_at  timestamptz not null default now()
);
