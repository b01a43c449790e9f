-- Signed-out access tokens, by token id (jti); each row is kept only until the token's own expiry
-- and pruned on the next sign-out after that.
create table revoked_tokens (
    jti        uuid        primary key,
    expires_at timestamptz not null
);
create index revoked_tokens_expiry on revoked_tokens (expires_at);

-- One-time password reset tokens for install admins, stored as SHA-256. A newer one supersedes the
-- older ones of the same admin.
create table password_resets (
    id            uuid        primary key,
    account_id    uuid        not null references install_admins (id),
    token_hash    bytea       not null unique,
    issued_by     text        not null,
    created_at    timestamptz not null default now(),
    expires_at    timestamptz not null,
    used_at       timestamptz,
    superseded_at timestamptz
);
create index password_resets_open on password_resets (account_id)
    where used_at is null and superseded_at is null;

-- Invitations of further install admins; tokens stored as SHA-256.
create table install_admin_invitations (
    id          uuid        primary key,
    email       text        not null,
    token_hash  bytea       not null unique,
    invited_by  text        not null,
    created_at  timestamptz not null default now(),
    expires_at  timestamptz not null,
    accepted_at timestamptz,
    admin_id    uuid references install_admins (id)
);

alter table install_admins add column deactivated_at timestamptz;
