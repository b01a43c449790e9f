-- Where the audit-chain-verification job got to on each chain, so that each run verifies only
-- what is new since the last checkpoint it verified, with a full pass at a configured interval.
create table audit_verifications (
    chain_id         text        primary key,
    verified_through bigint      not null,
    verified_at      timestamptz not null,
    full_at          timestamptz,
    status           text        not null check (status in ('intact', 'broken'))
);
