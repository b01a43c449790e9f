-- TOTP second factor of members (install admins: install V10). The secret is sealed
-- (AES-256-GCM) under the organization's keyring, the recovery codes are stored as hashes only.
create table account_mfa (
    account_id    uuid        primary key references members (id),
    status        text        not null check (status in ('pending', 'active')),
    sealed_secret bytea       not null,
    key_version   integer     not null,
    last_step     bigint,
    created_at    timestamptz not null,
    enabled_at    timestamptz
);

create table mfa_recovery_codes (
    account_id uuid        not null references members (id),
    code_hash  bytea       not null,
    used_at    timestamptz,
    primary key (account_id, code_hash)
);
