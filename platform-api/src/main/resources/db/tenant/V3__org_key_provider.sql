-- An organization's own key provider ("self-managed keys"). Absent: the install's provider.
-- The settings (addresses, tokens, PINs) are sealed by the install's key provider.
create table key_provider (
    id              smallint    primary key default 1 check (id = 1),
    type            text        not null,
    description     text        not null,
    sealed_provider text        not null,
    sealed_kek_id   text        not null,
    sealed_version  text        not null,
    sealed_settings bytea       not null,
    changed_at      timestamptz not null default now()
);
