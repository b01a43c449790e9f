-- A copy of the newest signed checkpoint of this organization's chain. The checkpoints themselves
-- are kept in the install database; this copy, out of reach of whoever can change only the install
-- database, shows when the newest of them were deleted there.
create table audit_checkpoint_mark (
    chain_id   text        primary key,
    number     bigint      not null,
    sequence   bigint      not null,
    chain_hash bytea       not null,
    signed_at  timestamptz not null,
    key_id     text        not null,
    signature  bytea       not null
);
