-- The signed license: every license ever stored (one current), the observed state and the last
-- reconcile result, and the per-organization entitlements projected from the current license.

-- `document` is the exact text the vendor signed; `signature` is Ed25519 over its UTF-8 bytes
-- with the vendor key `key_id`. A row whose `superseded_at` is null is the current license.
create table licenses (
    id            uuid        primary key,
    license_id    text        not null,
    customer      text        not null,
    issued_at     timestamptz not null,
    expires_at    timestamptz not null,
    key_id        text        not null,
    document      text        not null,
    signature     bytea       not null,
    source        text        not null check (source in ('import', 'control-plane')),
    stored_by     text        not null,
    stored_at     timestamptz not null,
    superseded_at timestamptz
);
create unique index licenses_one_current on licenses ((true)) where superseded_at is null;
create index licenses_stored on licenses (stored_at desc, id desc);

-- One row: the license state last recorded (transitions raise events), the last reconcile.
create table license_state (
    id                smallint    primary key default 1 check (id = 1),
    state             text        not null check (state in
                          ('evaluation', 'valid', 'expiring', 'grace', 'expired', 'invalid')),
    changed_at        timestamptz not null,
    reconciled_at     timestamptz,
    reconcile_outcome text        check (reconcile_outcome in ('succeeded', 'failed', 'offline')),
    reconcile_summary text,
    latest_version    text
);
insert into license_state (id, state, changed_at) values (1, 'evaluation', now());

-- What each organization is entitled to under the current license (or the evaluation terms).
create table org_entitlements (
    org_id       uuid        primary key references organizations (id) on delete cascade,
    license_id   text,
    features     text        not null,
    max_members  integer,
    projected_at timestamptz not null
);
