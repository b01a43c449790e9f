-- Signed-out access tokens of members, by token id (jti); each row is kept only until the token's
-- own expiry and pruned on the next sign-out after that.
create table revoked_tokens (
    jti        uuid        primary key,
    expires_at timestamptz not null
);
create index revoked_tokens_expiry on revoked_tokens (expires_at);

-- One-time password reset tokens for members, stored as SHA-256. A newer one supersedes the older
-- ones of the same member.
create table password_resets (
    id            uuid        primary key,
    account_id    uuid        not null references members (id),
    token_hash    bytea       not null unique,
    issued_by     text        not null,
    created_at    timestamptz not null default now(),
    expires_at    timestamptz not null,
    used_at       timestamptz,
    superseded_at timestamptz
);
create index password_resets_open on password_resets (account_id)
    where used_at is null and superseded_at is null;
