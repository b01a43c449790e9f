-- TOTP second factor of install admins; members have the same tables in their organization's
-- database (tenant V8). The secret is sealed (AES-256-GCM) under the install keyring, the
-- recovery codes are stored as hashes only.
create table account_mfa (
    account_id    uuid        primary key references install_admins (id),
    status        text        not null check (status in ('pending', 'active')),
    sealed_secret bytea       not null,
    key_version   integer     not null,
    last_step     bigint,
    created_at    timestamptz not null,
    enabled_at    timestamptz
);

create table mfa_recovery_codes (
    account_id uuid        not null references install_admins (id),
    code_hash  bytea       not null,
    used_at    timestamptz,
    primary key (account_id, code_hash)
);

-- Sign-in challenges between the password and the code, for install admins (org_id null) and
-- members alike: the answer to a password names no organization, so the challenge must.
create table mfa_challenges (
    token_hash   bytea       primary key,
    org_id       uuid,
    account_id   uuid        not null,
    expires_at   timestamptz not null,
    completed_at timestamptz
);
create index mfa_challenges_expiry on mfa_challenges (expires_at);

alter table organizations add column require_mfa boolean not null default false;
